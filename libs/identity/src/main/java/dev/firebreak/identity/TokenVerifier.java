package dev.firebreak.identity;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * Checks a Firebreak token outside the services (which use the Quarkus extension): for the
 * simulated clusters' own agents, such as a region's database operator, which rebuild things and so
 * must know who asks. The same rules as the services: RS256 only, a key of the installation's key
 * set named by {@code kid}, the installation's issuer and audience, not expired.
 */
public final class TokenVerifier {

    /** Who a valid token speaks for. */
    public record Caller(String subject, Set<String> roles) {

        public boolean hasAnyRole(String... wanted) {
            for (String role : wanted) {
                if (roles.contains(role)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The token is missing, malformed, forged, expired or not for this installation. */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final JwtConsumer consumer;

    public TokenVerifier(KeySet keys) {
        try {
            this.consumer = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds(30)
                    .setRequireSubject()
                    .setExpectedIssuer(Roles.DEFAULT_ISSUER)
                    .setExpectedAudience(Roles.AUDIENCE)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(keys.toJson()).getJsonWebKeys()))
                    .build();
        } catch (JoseException e) {
            throw new IllegalArgumentException("Unusable key set: " + e.getMessage(), e);
        }
    }

    /** The caller of an {@code Authorization} header's value ({@code Bearer <token>}). */
    public Caller verify(String authorization) throws InvalidTokenException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new InvalidTokenException("no bearer token", null);
        }
        try {
            JwtClaims claims = consumer.processToClaims(authorization.substring("Bearer ".length()).trim());
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            return new Caller(claims.getSubject(), groups.stream().collect(Collectors.toUnmodifiableSet()));
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new InvalidTokenException("invalid token: " + e.getMessage(), e);
        }
    }
}
