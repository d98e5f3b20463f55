package dev.firebreak.sim.secrets;

import dev.firebreak.identity.IdentityCli;
import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.KeySet;
import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.sim.manifest.PodEnvironment;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Secrets of an installation on one machine, one file per key under
 * {@code <dir>/<secret>/<key>} (mode 0600): what {@code kubectl create secret} puts in each cluster
 * (docs/kubernetes.md). Both regions get the same ones: the databases replicate their roles.
 */
public final class LocalSecrets implements PodEnvironment.Secrets {

    /** The databases whose owner roles get a {@code <db>-db} Secret (username, password). */
    public static final List<String> DATABASES = List.of("messaging", "payment", "taxi");

    private final Path dir;

    private LocalSecrets(Path dir) {
        this.dir = dir;
    }

    /** Opens the Secrets kept under {@code dir}. */
    public static LocalSecrets at(Path dir) {
        return new LocalSecrets(dir);
    }

    /**
     * Makes every Secret a fresh installation needs: the token-signing key pair and the service
     * tokens ({@link IdentityCli#init}, files under {@code identityDir}), a random password per database,
     * and the witness's database role ({@code witness-db}).
     */
    public static LocalSecrets create(Path dir, Path identityDir) {
        LocalSecrets secrets = new LocalSecrets(dir);
        try {
            IdentityCli.init(identityDir);
            secrets.put("firebreak-jwt-public", "public.pem", Files.readString(identityDir.resolve(InstallationKeys.PUBLIC_PEM)));
            secrets.put("firebreak-jwt-public", KeySet.FILE, Files.readString(identityDir.resolve(KeySet.FILE)));
            secrets.put("firebreak-jwt-signing", "private.pem", Files.readString(identityDir.resolve(InstallationKeys.PRIVATE_PEM)));
            for (ServiceIdentity identity : ServiceIdentity.ALL) {
                secrets.put(identity.service() + "-identity", "token",
                        Files.readString(identityDir.resolve("tokens").resolve(identity.service() + ".jwt")));
            }
            SecureRandom random = new SecureRandom();
            for (String db : DATABASES) {
                byte[] password = new byte[18];
                random.nextBytes(password);
                secrets.put(db + "-db", "username", db);
                secrets.put(db + "-db", "password", HexFormat.of().formatHex(password));
            }
            byte[] witness = new byte[18];
            random.nextBytes(witness);
            secrets.put("witness-db", "username", "witness");
            secrets.put("witness-db", "password", HexFormat.of().formatHex(witness));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot make the installation's keys and tokens: " + e.getMessage(), e);
        }
        return secrets;
    }

    @Override
    public String value(String name, String key) {
        Path file = dir.resolve(name).resolve(key);
        try {
            return valid(name) && valid(key) && Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key of Secret {@code name}, or an empty map when it does not exist. */
    public Map<String, String> data(String name) {
        Map<String, String> data = new TreeMap<>();
        Path secret = dir.resolve(name);
        if (valid(name) && Files.isDirectory(secret)) {
            try (var files = Files.list(secret)) {
                for (Path f : files.toList()) {
                    data.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /**
     * Mounts a secret volume at {@code mountDir} as the kubelet does ({@link #mount(SecretVolumeSource, Map, Path)}).
     */
    public void mount(SecretVolumeSource volume, Path mountDir) {
        Map<String, String> data = data(volume.getSecretName());
        if (data.isEmpty() && !Boolean.TRUE.equals(volume.getOptional())) {
            throw new IllegalStateException("Secret " + volume.getSecretName() + " does not exist (known: " + names() + ")");
        }
        mount(volume, data, mountDir);
    }

    /**
     * Writes a secret volume's files into {@code mountDir} as the kubelet does: one file per key of
     * {@code data} (or per listed item), with the volume's mode (default 0644).
     */
    public static void mount(SecretVolumeSource volume, Map<String, String> data, Path mountDir) {
        Map<String, String> files = new LinkedHashMap<>();
        if (volume.getItems() == null || volume.getItems().isEmpty()) {
            data.forEach(files::put);
        } else {
            for (KeyToPath item : volume.getItems()) {
                if (!data.containsKey(item.getKey())) {
                    throw new IllegalStateException("Secret " + volume.getSecretName() + " has no key " + item.getKey());
                }
                files.put(item.getPath(), data.get(item.getKey()));
            }
        }
        int mode = volume.getDefaultMode() == null ? 0644 : volume.getDefaultMode();
        try {
            Files.createDirectories(mountDir);
            for (var f : files.entrySet()) {
                Path file = mountDir.resolve(f.getKey()).normalize();
                if (!file.startsWith(mountDir)) {
                    throw new IllegalStateException("Secret item path escapes its mount: " + f.getKey());
                }
                Files.createDirectories(file.getParent());
                Files.deleteIfExists(file);
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, permissions(mode));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot mount Secret " + volume.getSecretName() + " at " + mountDir, e);
        }
    }

    /** Every Secret's name. */
    public List<String> names() {
        try (var dirs = Files.list(dir)) {
            return dirs.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private void put(String name, String key, String value) throws IOException {
        Path secret = dir.resolve(name);
        Files.createDirectories(secret);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rwx------"));
        Path file = secret.resolve(key);
        Files.writeString(file, value, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean valid(String name) {
        return name.matches("[A-Za-z0-9._-]+") && !name.startsWith(".");
    }

    /** A volume mode (e.g. 0444) as POSIX permissions; the owner can always read, as the pod runs as the owner. */
    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwx";
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? rwx.charAt(2 - bit % 3) : '-');
        }
        s.setCharAt(0, 'r');
        return PosixFilePermissions.fromString(s.toString());
    }
}
