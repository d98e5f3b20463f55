package dev.firebreak.identity;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public keys an installation's tokens may be signed with, as a JWK Set (RFC 7517): what every
 * service verifies against ({@code mp.jwt.verify.publickey.location} points at {@code jwks.json}),
 * and what messaging-svc publishes at {@code /.well-known/jwks.json}. Each key carries its
 * {@code kid} ({@link InstallationKeys#keyId}), so during a rotation the old and the new key are
 * both in the set and each token finds its own.
 */
public final class KeySet {

    /** File name of the set in an identity directory and in the {@code firebreak-jwt-public} Secret. */
    public static final String FILE = "jwks.json";

    private final Map<String, PublicKey> keys;

    private KeySet(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    public static KeySet of(List<PublicKey> keys) {
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(InstallationKeys.keyId(k), k));
        return new KeySet(byId);
    }

    /** Reads a JWK Set; RSA keys only (others are not ours and are skipped). */
    public static KeySet parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            List<PublicKey> keys = new ArrayList<>();
            for (JsonObject jwk : reader.readObject().getJsonArray("keys").getValuesAs(JsonObject.class)) {
                if (!"RSA".equals(jwk.getString("kty", ""))) {
                    continue;
                }
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("n")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.getString("e")));
                keys.add(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
            }
            return of(keys);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("Not a JWK Set of RSA keys: " + e.getMessage(), e);
        }
    }

    public static KeySet read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key set " + file, e);
        }
    }

    /** The key ids in the set, in order. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    public boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    /** This set with {@code key} added (at the end) unless it is in already. */
    public KeySet with(PublicKey key) {
        Map<String, PublicKey> more = new LinkedHashMap<>(keys);
        more.putIfAbsent(InstallationKeys.keyId(key), key);
        return new KeySet(more);
    }

    /** The set as JSON, each key with {@code kid}, {@code use: sig} and {@code alg: RS256}. */
    public String toJson() {
        JsonArrayBuilder array = Json.createArrayBuilder();
        keys.forEach((kid, key) -> {
            RSAPublicKey rsa = (RSAPublicKey) key;
            array.add(Json.createObjectBuilder().add("kty", "RSA").add("kid", kid).add("use", "sig").add("alg", "RS256")
                    .add("n", InstallationKeys.base64Url(rsa.getModulus())).add("e", InstallationKeys.base64Url(rsa.getPublicExponent())));
        });
        return Json.createObjectBuilder().add("keys", array).build().toString();
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key set " + file, e);
        }
    }
}
