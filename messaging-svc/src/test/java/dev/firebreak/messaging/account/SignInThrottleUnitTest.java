package dev.firebreak.messaging.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.messaging.config.AccountConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleUnitTest {

    private final SignInThrottle throttle = new SignInThrottle(new AccountConfig.SignIn() {
        public int freeFailures() { return 5; }
        public Duration firstLock() { return Duration.ofSeconds(30); }
        public Duration longestLock() { return Duration.ofMinutes(15); }
    });
    private final Instant now = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void theFirstFiveWrongPasswordsCostNothing() {
        for (int failures = 1; failures <= 5; failures++) {
            assertThat(throttle.lockAfter(failures, now)).isEmpty();
        }
    }

    @Test
    void eachFurtherOneDoublesTheLockUpToTheLongest() {
        assertThat(throttle.lockAfter(6, now)).contains(now.plusSeconds(30));
        assertThat(throttle.lockAfter(7, now)).contains(now.plusSeconds(60));
        assertThat(throttle.lockAfter(8, now)).contains(now.plusSeconds(120));
        assertThat(throttle.lockAfter(10, now)).contains(now.plusSeconds(480));
        assertThat(throttle.lockAfter(11, now)).contains(now.plus(Duration.ofMinutes(15)));
        assertThat(throttle.lockAfter(1_000, now)).contains(now.plus(Duration.ofMinutes(15)));
    }
}
