package dev.firebreak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMinterTest {

    @TempDir
    Path dir;

    private static String part(String jwt, int i) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[i]), StandardCharsets.UTF_8);
    }

    private static boolean verifies(String jwt, InstallationKeys keys) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(keys.publicKey());
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    @Test
    void initMakesKeysAndANarrowTaxiTokenThatTheKeysVerify() throws Exception {
        IdentityCli.init(dir);
        InstallationKeys keys = InstallationKeys.read(dir);
        String taxi = Files.readString(dir.resolve("tokens/taxi-svc.jwt"));

        assertThat(verifies(taxi, keys)).isTrue();
        assertThat(part(taxi, 0)).contains("\"alg\":\"RS256\"").contains("\"kid\":\"" + keys.keyId() + "\"");
        assertThat(part(taxi, 1))
                .contains("\"sub\":\"svc:taxi-svc\"")
                .contains("\"iss\":\"" + Roles.DEFAULT_ISSUER + "\"")
                .contains("\"aud\":\"firebreak\"")
                .contains(Roles.CHARGE_RIDES).contains(Roles.SEND_NOTICES)
                .contains("\"merchant\":\"kakao-t\"")
                .doesNotContain("\"" + Roles.ADMIN + "\"").doesNotContain("\"" + Roles.USER + "\"");
        assertThat(Files.getPosixFilePermissions(dir.resolve(InstallationKeys.PRIVATE_PEM)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void reInitKeepsTheKeysSoRunningServicesStillTrustNewTokens() throws Exception {
        IdentityCli.init(dir);
        String before = Files.readString(dir.resolve(InstallationKeys.PUBLIC_PEM));
        IdentityCli.init(dir);
        assertThat(Files.readString(dir.resolve(InstallationKeys.PUBLIC_PEM))).isEqualTo(before);
    }

    @Test
    void anotherInstallationsKeyDoesNotVerify() throws Exception {
        InstallationKeys mine = InstallationKeys.generate();
        InstallationKeys theirs = InstallationKeys.generate();
        String token = new TokenMinter(theirs.privateKey()).user("mallory", java.util.Set.of(Roles.USER), Duration.ofMinutes(5));
        assertThat(verifies(token, mine)).isFalse();
        assertThat(verifies(token, theirs)).isTrue();
    }
}
