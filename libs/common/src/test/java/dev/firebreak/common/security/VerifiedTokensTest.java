package dev.firebreak.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.TokenMinter;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens signed and verified for real (RS256, smallrye-jwt's own verifier); only time is ours. */
class VerifiedTokensTest {

    private static final String ISSUER = "https://firebreak.dev/accounts";
    private static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final InstallationKeys keys = InstallationKeys.generate();
    private final Instant start = Instant.now();
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusNanos(elapsedNanos.get());
        }
    };
    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(counting(verifier()), clock, 100, MAX_AGE, elapsedNanos::get);
    private final TokenMinter minter = new TokenMinter(keys.privateKey(), ISSUER, "firebreak", clock);

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgain() throws Exception {
        String token = minter.user("alice", Set.of("user"), Duration.ofMinutes(15));

        assertThat(tokens.parse(token).getName()).isEqualTo("alice");
        assertThat(tokens.parse(token).getName()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);

        String bobs = minter.user("bob", Set.of("user"), Duration.ofMinutes(15));
        assertThat(tokens.parse(bobs).getName()).isEqualTo("bob");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenOneByteFromOneSeenBeforeIsVerifiedAndRefused() throws Exception {
        String token = minter.user("alice", Set.of("user"), Duration.ofMinutes(15));
        tokens.parse(token);
        int i = token.lastIndexOf('.') + 10; // a byte of the signature
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        assertThatThrownBy(() -> tokens.parse(tampered)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aForgedTokenIsNeverKept() throws Exception {
        TokenMinter forger = new TokenMinter(InstallationKeys.generate().privateKey(), ISSUER, "firebreak", clock);
        String forged = forger.mint("alice", Set.of("admin"), Map.of(), Duration.ofMinutes(15));

        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aKeptTokenIsVerifiedAgainOnceItExpires() throws Exception {
        String token = minter.user("alice", Set.of("user"), Duration.ofSeconds(20));
        tokens.parse(token);

        advance(Duration.ofSeconds(19));
        tokens.parse(token);
        assertThat(verifications).as("still within its lifetime").hasValue(1);

        advance(Duration.ofSeconds(2));
        tokens.parse(token); // the verifier itself still allows its clock skew; the cache does not
        assertThat(verifications).as("past its exp").hasValue(2);
    }

    @Test
    void noTokenIsKeptLongerThanTheMaximumAge() throws Exception {
        String token = minter.user("alice", Set.of("user"), Duration.ofHours(1));
        tokens.parse(token);

        advance(MAX_AGE.minusSeconds(1));
        tokens.parse(token);
        assertThat(verifications).hasValue(1);

        advance(Duration.ofSeconds(2));
        tokens.parse(token);
        assertThat(verifications).hasValue(2);
    }

    private void advance(Duration by) {
        elapsedNanos.addAndGet(by.toNanos());
    }

    private JWTParser verifier() {
        JWTAuthContextInfo context = new JWTAuthContextInfo(keys.publicKey(), ISSUER);
        context.setExpectedAudience(Set.of("firebreak"));
        return new DefaultJWTParser(context);
    }

    /** {@code parser}, counting the tokens it verifies. */
    private JWTParser counting(JWTParser parser) {
        return (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JWTParser.class}, (proxy, method, args) -> {
            if (method.getName().equals("parse")) {
                verifications.incrementAndGet();
            }
            try {
                return method.invoke(parser, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
