package dev.firebreak.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signing-key rotation from start to end, checked as a service checks tokens: against the published key set, by kid. */
class KeyRotationTest {

    @TempDir
    Path dir;

    private String userToken() {
        return "Bearer " + new TokenMinter(InstallationKeys.read(dir).privateKey()).user("alice", Set.of(Roles.USER), Duration.ofMinutes(15));
    }

    private TokenVerifier verifier() {
        return new TokenVerifier(KeySet.read(dir.resolve(KeySet.FILE)));
    }

    @Test
    void aRotationNeverRefusesATokenInUseAndRetiringRefusesTheOldKeysTokens() throws Exception {
        InstallationKeys first = IdentityCli.init(dir);
        String oldToken = userToken();
        String oldServiceToken = "Bearer " + Files.readString(dir.resolve("tokens/taxi-svc.jwt"));
        assertThat(KeySet.read(dir.resolve(KeySet.FILE)).keyIds()).containsExactly(first.keyId());

        // Step 1: the next key is published; nothing is signed with it yet.
        IdentityCli.rotate(dir);
        KeySet staged = KeySet.read(dir.resolve(KeySet.FILE));
        assertThat(staged.keyIds()).hasSize(2).startsWith(first.keyId());
        assertThat(InstallationKeys.read(dir).keyId()).as("still signing with the first key").isEqualTo(first.keyId());
        assertThat(verifier().verify(oldToken).subject()).isEqualTo("alice");

        // Step 2: the next key signs; both keys' tokens are accepted.
        IdentityCli.rotate(dir);
        String next = InstallationKeys.read(dir).keyId();
        assertThat(next).isNotEqualTo(first.keyId()).isEqualTo(staged.keyIds().get(1));
        String newToken = userToken();
        String newServiceToken = "Bearer " + Files.readString(dir.resolve("tokens/taxi-svc.jwt"));
        assertThat(newServiceToken).isNotEqualTo(oldServiceToken);
        assertThat(verifier().verify(oldToken).subject()).isEqualTo("alice");
        assertThat(verifier().verify(oldServiceToken).roles()).contains(Roles.CHARGE_RIDES);
        assertThat(verifier().verify(newToken).subject()).isEqualTo("alice");
        assertThat(IdentityCli.describe(dir)).contains(next + "  signing").contains(first.keyId() + "  published");

        // Step 3: the old key is retired; its tokens are refused, the new ones still work.
        assertThat(IdentityCli.retire(dir)).contains(first.keyId());
        assertThat(KeySet.read(dir.resolve(KeySet.FILE)).keyIds()).containsExactly(next);
        assertThatThrownBy(() -> verifier().verify(oldToken)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThat(verifier().verify(newServiceToken).subject()).isEqualTo("svc:taxi-svc");
    }

    @Test
    void keyIdsAreThumbprintsSoTheSameKeyHasTheSameIdEverywhere() {
        InstallationKeys keys = InstallationKeys.generate();
        assertThat(InstallationKeys.keyIdOf(keys.privateKey())).isEqualTo(keys.keyId());
        assertThat(KeySet.parse(KeySet.of(java.util.List.of(keys.publicKey())).toJson()).keyIds()).containsExactly(keys.keyId());
        assertThat(keys.keyId()).matches("[A-Za-z0-9_-]{43}");
        assertThat(InstallationKeys.generate().keyId()).isNotEqualTo(keys.keyId());
    }

    @Test
    void theVerifierRefusesWhatTheServicesRefuse() throws Exception {
        IdentityCli.init(dir);
        InstallationKeys keys = InstallationKeys.read(dir);
        InstallationKeys stranger = InstallationKeys.generate();
        TokenVerifier verifier = verifier();
        assertThatThrownBy(() -> verifier.verify(null)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify("Basic dXNlcjpwYXNz")).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify("Bearer " + new TokenMinter(stranger.privateKey()).admin("ops", Duration.ofMinutes(5))))
                .as("another installation's key").isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify("Bearer " + new TokenMinter(keys.privateKey()).mint("ops", Set.of(Roles.ADMIN),
                java.util.Map.of(), java.time.Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(5))))
                .as("expired").isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify("Bearer " + new TokenMinter(keys.privateKey(), Roles.DEFAULT_ISSUER, "elsewhere")
                .admin("ops", Duration.ofMinutes(5)))).as("another audience").isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThat(verifier.verify("Bearer " + Files.readString(dir.resolve("tokens/edge.jwt"))).roles())
                .containsExactly(Roles.SERVICE);
    }
}
