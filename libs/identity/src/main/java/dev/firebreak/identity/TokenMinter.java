package dev.firebreak.identity;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Signs Firebreak tokens (RS256): users' access tokens, and the service and admin tokens an
 * installation mints when it is set up.
 */
public final class TokenMinter {

    private final PrivateKey key;
    /** Key id in each token's header: the thumbprint of the signing key, so a key set can hold the old and the new one during a rotation. */
    private final String keyId;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /** Tokens issued now by {@code clock}. */
    public TokenMinter(PrivateKey key, String issuer, String audience, Clock clock) {
        this.key = key;
        this.keyId = InstallationKeys.keyIdOf(key);
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public TokenMinter(PrivateKey key, String issuer, String audience) {
        this(key, issuer, audience, Clock.systemUTC());
    }

    public TokenMinter(PrivateKey key) {
        this(key, Roles.DEFAULT_ISSUER, Roles.AUDIENCE);
    }

    /** A token for {@code subject} with {@code roles} and extra claims, valid from now for {@code ttl}. */
    public String mint(String subject, Set<String> roles, Map<String, Object> claims, Duration ttl) {
        return mint(subject, roles, claims, clock.instant(), ttl);
    }

    /** As {@link #mint(String, Set, Map, Duration)}, issued at {@code issuedAt} (tests make expired tokens with it). */
    public String mint(String subject, Set<String> roles, Map<String, Object> claims, Instant issuedAt, Duration ttl) {
        JwtClaimsBuilder builder = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .issuedAt(issuedAt.getEpochSecond())
                .expiresAt(issuedAt.plus(ttl).getEpochSecond());
        claims.forEach(builder::claim);
        return builder.jws().keyId(keyId).sign(key);
    }

    /** The {@code kid} every token this minter signs carries. */
    public String keyId() {
        return keyId;
    }

    /** A signed-in user's access token. */
    public String user(String userId, Set<String> roles, Duration ttl) {
        return mint(userId, roles, Map.of(), ttl);
    }

    /** The token of a service identity, e.g. {@code svc:taxi-svc}. */
    public String service(ServiceIdentity identity, Duration ttl) {
        return mint(identity.subject(), identity.roles(), identity.claims(), ttl);
    }

    /** An operator's token. */
    public String admin(String name, Duration ttl) {
        return mint(name, Set.of(Roles.ADMIN), Map.of(), ttl);
    }
}
