package dev.firebreak.sim.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {

    @TempDir
    Path dir;

    @Test
    void anInstallationGetsSigningKeysServiceTokensAndAPasswordPerDatabase() throws Exception {
        LocalSecrets secrets = LocalSecrets.create(dir.resolve("secrets"), dir.resolve("identity"));
        assertThat(secrets.value("firebreak-jwt-public", "public.pem")).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(secrets.value("firebreak-jwt-signing", "private.pem")).contains("PRIVATE KEY");
        assertThat(secrets.value("taxi-svc-identity", "token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\s*");
        assertThat(secrets.value("payment-db", "username")).isEqualTo("payment");
        assertThat(secrets.value("payment-db", "password")).hasSize(36).isNotEqualTo(secrets.value("taxi-db", "password"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("secrets/payment-db/password")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(secrets.value("payment-db", "../../identity/private.pem")).as("no escaping the secrets folder").isNull();
    }

    @Test
    void mountsASecretVolumeAsTheKubeletDoesWithItsMode() throws Exception {
        LocalSecrets secrets = LocalSecrets.create(dir.resolve("secrets"), dir.resolve("identity"));
        Path mount = dir.resolve("pod/var/run/secrets/firebreak/jwt");
        secrets.mount(new SecretVolumeSourceBuilder().withSecretName("firebreak-jwt-public").withDefaultMode(0444).build(), mount);
        assertThat(mount.resolve("public.pem")).hasContent(secrets.value("firebreak-jwt-public", "public.pem"));
        assertThat(Files.getPosixFilePermissions(mount.resolve("public.pem"))).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));

        Path items = dir.resolve("pod/var/run/secrets/db");
        secrets.mount(new SecretVolumeSourceBuilder().withSecretName("payment-db").addNewItem().withKey("password").withPath("pw")
                .endItem().build(), items);
        assertThat(items.resolve("pw")).hasContent(secrets.value("payment-db", "password"));
        assertThat(items.resolve("username")).doesNotExist();
    }

    @Test
    void aMissingSecretOrKeyIsNamedBeforeThePodStarts() {
        LocalSecrets secrets = LocalSecrets.create(dir.resolve("secrets"), dir.resolve("identity"));
        assertThatThrownBy(() -> secrets.mount(new SecretVolumeSourceBuilder().withSecretName("nope").build(), dir.resolve("m")))
                .hasMessageContaining("Secret nope does not exist");
        assertThatThrownBy(() -> secrets.mount(new SecretVolumeSourceBuilder().withSecretName("payment-db").addNewItem()
                .withKey("token").withPath("t").endItem().build(), dir.resolve("m"))).hasMessageContaining("has no key token");
        secrets.mount(new SecretVolumeSourceBuilder().withSecretName("nope").withOptional(true).build(), dir.resolve("optional"));
        assertThat(dir.resolve("optional")).isEmptyDirectory();
    }
}
