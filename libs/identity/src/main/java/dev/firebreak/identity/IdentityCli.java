package dev.firebreak.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

/**
 * Sets up an installation's identity files and rotates its signing key:
 * <pre>
 *   init   DIR             keys (private.pem, public.pem), the published key set (jwks.json),
 *                          tokens/&lt;service&gt;.jwt, tokens/admin.jwt; keeps existing keys
 *   token  DIR user ID     prints a user token (for scripts and drills)
 *   token  DIR admin       prints an admin token
 *   rotate DIR             first run: makes the next key and publishes it beside the current one;
 *                          second run: signs with it from now on (re-minting the service tokens)
 *   retire DIR             publishes only the signing key (and a staged next one)
 *   keys   DIR             lists the keys: which signs, which is staged, which are published
 * </pre>
 * A rotation never invalidates a token in use: a new key is published (every service verifies
 * with it) before anything is signed with it, and an old key is retired only when its tokens have
 * expired (user tokens: minutes; service tokens: re-minted at the switch). docs/security.md has the
 * order of steps on Kubernetes. Service tokens live 30 days (re-run {@code init} to re-mint them);
 * printed tokens 1 hour.
 */
public final class IdentityCli {

    static final Duration SERVICE_TOKEN_TTL = Duration.ofDays(30);
    static final Duration PRINTED_TOKEN_TTL = Duration.ofHours(1);
    /** The next signing key between the two runs of {@code rotate}: published, not yet signing. */
    static final String STAGED_PEM = "staged.pem";

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
        } else if (args.length == 2 && args[0].equals("rotate")) {
            System.out.println(rotate(Path.of(args[1])));
        } else if (args.length == 2 && args[0].equals("retire")) {
            System.out.println(retire(Path.of(args[1])));
        } else if (args.length == 2 && args[0].equals("keys")) {
            System.out.print(describe(Path.of(args[1])));
        } else {
            usage();
        }
    }

    /** Makes the keys unless present, publishes them, and (re)mints every service token and the admin token. */
    public static InstallationKeys init(Path dir) throws Exception {
        InstallationKeys keys = Files.exists(dir.resolve(InstallationKeys.PRIVATE_PEM))
                ? InstallationKeys.read(dir) : InstallationKeys.generate();
        keys.write(dir);
        publish(dir, published(dir).with(keys.publicKey()));
        mintTokens(dir, keys);
        return keys;
    }

    /**
     * One step of a rotation. Without a staged key: makes one and publishes it next to the
     * current key (nothing is signed with it yet). With one: it becomes the signing key, and the
     * service and admin tokens are re-minted with it; the old key stays published until {@link #retire}.
     */
    public static String rotate(Path dir) throws Exception {
        InstallationKeys current = InstallationKeys.read(dir);
        Path staged = dir.resolve(STAGED_PEM);
        if (!Files.exists(staged)) {
            InstallationKeys next = InstallationKeys.generate();
            secret(staged, next.privatePem());
            publish(dir, published(dir).with(current.publicKey()).with(next.publicKey()));
            return "Published the next key " + next.keyId() + " beside " + current.keyId() + " (still signing).\n"
                    + "Roll " + KeySet.FILE + " out to every service (Secret firebreak-jwt-public), then run rotate again to sign with it.";
        }
        InstallationKeys next = InstallationKeys.fromPrivatePem(Files.readString(staged));
        next.write(dir);
        Files.delete(staged);
        publish(dir, published(dir).with(next.publicKey()));
        mintTokens(dir, next);
        return "Signing with " + next.keyId() + " now; " + current.keyId() + " stays published so its tokens keep working.\n"
                + "Roll out the signing key (Secret firebreak-jwt-signing) and the re-minted service tokens; once the old "
                + "tokens have expired, run retire.";
    }

    /** Publishes only the signing key (and a staged next one): tokens of any other key are refused from then on. */
    public static String retire(Path dir) throws Exception {
        InstallationKeys current = InstallationKeys.read(dir);
        KeySet before = published(dir);
        Path staged = dir.resolve(STAGED_PEM);
        KeySet after = Files.exists(staged)
                ? KeySet.of(java.util.List.of(current.publicKey(), InstallationKeys.fromPrivatePem(Files.readString(staged)).publicKey()))
                : KeySet.of(java.util.List.of(current.publicKey()));
        publish(dir, after);
        java.util.List<String> retired = before.keyIds().stream().filter(k -> !after.contains(k)).toList();
        return retired.isEmpty() ? "Nothing to retire: only " + after.keyIds() + " are published."
                : "Retired " + retired + "; published: " + after.keyIds() + ". Roll " + KeySet.FILE + " out to every service.";
    }

    /** The keys of {@code dir}, one line each. */
    public static String describe(Path dir) throws Exception {
        InstallationKeys current = InstallationKeys.read(dir);
        Path staged = dir.resolve(STAGED_PEM);
        String next = Files.exists(staged) ? InstallationKeys.fromPrivatePem(Files.readString(staged)).keyId() : null;
        StringBuilder out = new StringBuilder();
        for (String kid : published(dir).keyIds()) {
            out.append(kid).append(kid.equals(current.keyId()) ? "  signing" : kid.equals(next) ? "  staged (published, not signing)"
                    : "  published (an older key: retire it once its tokens have expired)").append('\n');
        }
        return out.toString();
    }

    private static KeySet published(Path dir) {
        Path file = dir.resolve(KeySet.FILE);
        return Files.exists(file) ? KeySet.read(file) : KeySet.of(java.util.List.of());
    }

    private static void publish(Path dir, KeySet keys) {
        keys.write(dir.resolve(KeySet.FILE));
    }

    private static void mintTokens(Path dir, InstallationKeys keys) throws Exception {
        TokenMinter minter = new TokenMinter(keys.privateKey());
        Path tokens = dir.resolve("tokens");
        Files.createDirectories(tokens);
        for (ServiceIdentity identity : ServiceIdentity.ALL) {
            secret(tokens.resolve(identity.service() + ".jwt"), minter.service(identity, SERVICE_TOKEN_TTL));
        }
        secret(tokens.resolve("admin.jwt"), minter.admin("ops", SERVICE_TOKEN_TTL));
    }

    private static void secret(Path file, String content) throws Exception {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void usage() {
        System.err.println("usage: IdentityCli init DIR | token DIR user ID | token DIR admin | rotate DIR | retire DIR | keys DIR");
        System.exit(2);
    }
}
