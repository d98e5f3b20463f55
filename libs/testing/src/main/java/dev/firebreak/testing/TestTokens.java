package dev.firebreak.testing;

import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.KeySet;
import dev.firebreak.identity.Roles;
import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.identity.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Tokens for tests, signed by this test JVM's own installation key (made fresh, never stored),
 * and the bad ones a service must refuse.
 */
public final class TestTokens {

    static final InstallationKeys KEYS = InstallationKeys.generate();
    /** The next key of a rotation: published to every service under test, not (yet) the issuer's. */
    private static final InstallationKeys NEXT_KEYS = InstallationKeys.generate();
    private static final InstallationKeys OTHER_KEYS = InstallationKeys.generate();
    private static final TokenMinter MINTER = new TokenMinter(KEYS.privateKey());
    private static final Duration TTL = Duration.ofMinutes(30);

    private TestTokens() {
    }

    /** What every service under test verifies with: the signing key and the next one of a rotation. */
    public static KeySet publishedKeys() {
        return KeySet.of(java.util.List.of(KEYS.publicKey(), NEXT_KEYS.publicKey()));
    }

    /** A user's token signed with the rotation's next key, as tokens are once the issuer switched to it. */
    public static String userSignedWithNextKey(String userId) {
        return "Bearer " + new TokenMinter(NEXT_KEYS.privateKey()).user(userId, Set.of(Roles.USER), TTL);
    }

    /** {@code Bearer <token>} of a signed-in user. */
    public static String user(String userId) {
        return "Bearer " + MINTER.user(userId, Set.of(Roles.USER), TTL);
    }

    public static String admin() {
        return "Bearer " + MINTER.admin("ops", TTL);
    }

    public static String service(ServiceIdentity identity) {
        return "Bearer " + MINTER.service(identity, TTL);
    }

    /** A service token with arbitrary roles and claims, to prove a service cannot exceed its own. */
    public static String service(String name, Set<String> roles, Map<String, Object> claims) {
        return "Bearer " + MINTER.mint("svc:" + name, roles, claims, TTL);
    }

    public static String expired(String userId) {
        return "Bearer " + MINTER.mint(userId, Set.of(Roles.USER), Map.of(), Instant.now().minus(Duration.ofHours(2)), Duration.ofMinutes(15));
    }

    /** Signed by another installation's key. */
    public static String wronglySigned(String userId) {
        return "Bearer " + new TokenMinter(OTHER_KEYS.privateKey()).user(userId, Set.of(Roles.USER), TTL);
    }

    public static String wrongAudience(String userId) {
        return "Bearer " + new TokenMinter(KEYS.privateKey(), Roles.DEFAULT_ISSUER, "someone-else").user(userId, Set.of(Roles.USER), TTL);
    }

    public static String wrongIssuer(String userId) {
        return "Bearer " + new TokenMinter(KEYS.privateKey(), "https://evil.example/", Roles.AUDIENCE).user(userId, Set.of(Roles.USER), TTL);
    }

    /** {@code alg: none}: claims anything, proves nothing. */
    public static String unsigned(String userId) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = Instant.now().getEpochSecond();
        String claims = b64.encodeToString(("{\"iss\":\"" + Roles.DEFAULT_ISSUER + "\",\"aud\":\"firebreak\",\"sub\":\"" + userId
                + "\",\"upn\":\"" + userId + "\",\"groups\":[\"user\",\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        return "Bearer " + header + "." + claims + ".";
    }

    /** The claims (JSON) of a token, with or without its {@code Bearer } prefix; no signature check. */
    public static String claims(String token) {
        String jwt = token.startsWith("Bearer ") ? token.substring("Bearer ".length()) : token;
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** The {@code sub} claim of a token, e.g. to see on whose behalf a call was made. */
    public static String subject(String token) {
        return claims(token).replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }

    /** A valid token whose payload was changed after signing (a user id swapped). */
    public static String tampered(String userId, String claimedUserId) {
        String[] parts = user(userId).substring("Bearer ".length()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(userId, claimedUserId);
        return "Bearer " + parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }
}
