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

    /** The pair whose private half is {@code pem} (PKCS#8). */
    public static InstallationKeys fromPrivatePem(String pem) {
        PrivateKey key = privateKeyOf(pem);
        return new InstallationKeys(new KeyPair(publicOf(key), key));
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

    /** This pair's key id: the RFC 7638 thumbprint of its public key, the same wherever it is computed. */
    public String keyId() {
        return keyId(pair.getPublic());
    }

    /**
     * The RFC 7638 JWK thumbprint of an RSA public key (base64url of the SHA-256 of its canonical
     * JWK): a key id that names the key itself, so a token's {@code kid} picks its key out of a key
     * set during a rotation, and no registry of names can drift from the keys.
     */
    public static String keyId(PublicKey key) {
        java.security.interfaces.RSAPublicKey rsa = (java.security.interfaces.RSAPublicKey) key;
        String canonical = "{\"e\":\"" + base64Url(rsa.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(rsa.getModulus()) + "\"}";
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key id of the key pair whose private half is {@code key} (an RSA CRT key, as every PKCS#8 RSA key read here is). */
    public static String keyIdOf(PrivateKey key) {
        return keyId(publicOf(key));
    }

    /** The public half of an RSA private key in CRT form. */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof java.security.interfaces.RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("Not an RSA private key with its public exponent");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a PKCS#8 PEM private key. */
    public static PrivateKey privateKeyOf(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(decode(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA private key in PEM form", e);
        }
    }

    /** Reads an X.509 PEM public key. */
    public static PublicKey publicKeyOf(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decode(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Not an RSA public key in PEM form", e);
        }
    }

    static String base64Url(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length); // unsigned, big-endian, no leading zero (RFC 7518 §6.3.1)
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
