package dev.firebreak.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens this pod has verified lately, so a client's next request with the same token
 * is not verified again (as Envoy's {@code jwt_authn} and quarkus-oidc keep theirs). Verifying an
 * RS256 signature is a modular exponentiation: on the simulated clusters' C1-only JVMs it was
 * 12-18 % of a service's CPU, and every user sends the same token for its whole lifetime.
 *
 * <p>What makes it safe: an entry is the exact token string, so a changed byte is a miss and is
 * verified in full; only tokens that verified are kept (a forged one costs its sender a full
 * verification every time, and takes no room); an entry lives at most {@code max-age} and never
 * past the token's own {@code exp}, so the cache is stricter about expiry than the verifier (which
 * allows clock skew); and the cache is bounded in entries (Caffeine's admission policy keeps the
 * tokens in use when one caller floods it with new ones; a token evicted is only verified again).
 * A key removed from the key set stops working within {@code max-age} for tokens already seen.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private final JWTParser verifier;
    private final Clock clock;
    private final Duration maxAge;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    VerifiedTokens(DefaultJWTParser verifier, Clock clock,
            @ConfigProperty(name = "firebreak.verified-tokens.max-entries", defaultValue = "4096") int maxEntries,
            @ConfigProperty(name = "firebreak.verified-tokens.max-age", defaultValue = "60s") Duration maxAge) {
        this(verifier, clock, maxEntries, maxAge, Ticker.systemTicker());
    }

    /** {@code ticker} measures the entries' ages (a test's fake one moves with its clock). */
    public VerifiedTokens(JWTParser verifier, Clock clock, int maxEntries, Duration maxAge, Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxAge = maxAge;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(ticker)
                .expireAfter(Expiry.<String, JsonWebToken>creating((token, jwt) -> lifetime(jwt)))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && !lifetime(known).isZero()) {
            return known;
        }
        JsonWebToken jwt = verifier.parse(token);
        if (!lifetime(jwt).isZero()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    /** How long {@code jwt} may be kept: {@code maxAge}, cut at its expiry; zero when it has none or has expired. */
    private Duration lifetime(JsonWebToken jwt) {
        long exp = jwt.getExpirationTime();
        if (exp <= 0) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), Instant.ofEpochSecond(exp));
        if (left.isNegative()) {
            return Duration.ZERO;
        }
        return left.compareTo(maxAge) < 0 ? left : maxAge;
    }

    // Everything else is a one-off with its own key or context: not cached.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
