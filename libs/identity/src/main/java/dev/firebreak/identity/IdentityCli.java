package dev.firebreak.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * Sets up an installation's identity files:
 * <pre>
 *   init  DIR              keys (private.pem, public.pem), tokens/&lt;service&gt;.jwt, tokens/admin.jwt; keeps existing keys
 *   token DIR user ID      prints a user token (for scripts and drills)
 *   token DIR admin        prints an admin token
 * </pre>
 * Service tokens live 30 days (re-run {@code init} to rotate); printed tokens 1 hour.
 */
public final class IdentityCli {

    static final Duration SERVICE_TOKEN_TTL = Duration.ofDays(30);
    static final Duration PRINTED_TOKEN_TTL = Duration.ofHours(1);

    private IdentityCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("init")) {
            init(Path.of(args[1]));
        } else if (args.length >= 3 && args[0].equals("token")) {
            TokenMinter minter = new TokenMinter(InstallationKeys.read(Path.of(args[1])).privateKey());
            if (args[2].equals("admin")) {
                System.out.println(minter.admin("ops", PRINTED_TOKEN_TTL));
            } else if (args[2].equals("user") && args.length == 4) {
                System.out.println(minter.user(args[3], Set.of(Roles.USER), PRINTED_TOKEN_TTL));
            } else {
                usage();
            }
        } else {
            usage();
        }
    }

    /** Makes the keys unless present, and (re)mints every service token and the admin token. */
    public static InstallationKeys init(Path dir) throws Exception {
        InstallationKeys keys = Files.exists(dir.resolve(InstallationKeys.PRIVATE_PEM))
                ? InstallationKeys.read(dir) : InstallationKeys.generate();
        keys.write(dir);
        TokenMinter minter = new TokenMinter(keys.privateKey());
        Path tokens = dir.resolve("tokens");
        Files.createDirectories(tokens);
        for (ServiceIdentity identity : ServiceIdentity.ALL) {
            secret(tokens.resolve(identity.service() + ".jwt"), minter.service(identity, SERVICE_TOKEN_TTL));
        }
        secret(tokens.resolve("admin.jwt"), minter.admin("ops", SERVICE_TOKEN_TTL));
        return keys;
    }

    private static void secret(Path file, String content) throws Exception {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void usage() {
        System.err.println("usage: IdentityCli init DIR | token DIR user ID | token DIR admin");
        System.exit(2);
    }
}
