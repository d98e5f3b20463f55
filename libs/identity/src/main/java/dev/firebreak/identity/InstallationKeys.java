package dev.firebreak.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The RSA key pair one installation signs its tokens with: made per installation (never
 * committed), the private half held only by the issuer, the public half by every service.
 */
public final class InstallationKeys {

    /** File names inside a keys directory. */
    public static final String PRIVATE_PEM = "private.pem";
    public static final String PUBLIC_PEM = "public.pem";

    private final KeyPair pair;

    private InstallationKeys(KeyPair pair) {
        this.pair = pair;
    }

    public static InstallationKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new InstallationKeys(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code private.pem} and {@code public.pem} from {@code dir}. */
    public static InstallationKeys read(Path dir) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(decode(Files.readString(dir.resolve(PRIVATE_PEM)))));
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(decode(Files.readString(dir.resolve(PUBLIC_PEM)))));
            return new InstallationKeys(new KeyPair(publicKey, privateKey));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read installation keys from " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not RSA keys in PEM form: " + dir, e);
        }
    }

    /** Writes both halves into {@code dir}; the private one readable by its owner only. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path privateFile = dir.resolve(PRIVATE_PEM);
            Files.writeString(privateFile, privatePem(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve(PUBLIC_PEM), publicPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write installation keys to " + dir, e);
        }
    }

    public PrivateKey privateKey() {
        return pair.getPrivate();
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    public String privatePem() {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    public String publicPem() {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] decode(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
