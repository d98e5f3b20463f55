package dev.firebreak.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();
    final RestartBackOff backOff = new RestartBackOff(clock);

    @Test
    void restartsACrashedContainerAtOnceTheFirstTimeThenWaitsDoublingUpToFiveMinutes() {
        assertThat(backOff.delayFor(clock.now)).isZero();
        assertThat(backOff.delayFor(clock.now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backOff.delayFor(clock.now)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backOff.delayFor(clock.now)).isEqualTo(Duration.ofSeconds(40));
        for (int i = 0; i < 10; i++) {
            backOff.delayFor(clock.now);
        }
        assertThat(backOff.delayFor(clock.now)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void countsTheTimeSinceTheContainerFinishedAgainstTheWait() {
        backOff.delayFor(clock.now);
        Instant finished = clock.now;
        clock.advance(Duration.ofSeconds(4));
        assertThat(backOff.delayFor(finished)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void forgetsTheBackOffAfterTenQuietMinutes() {
        backOff.delayFor(clock.now);
        backOff.delayFor(clock.now);
        clock.advance(Duration.ofMinutes(11));
        assertThat(backOff.delayFor(clock.now)).isZero();
    }

    @Test
    void aPowerCycleStartsAfresh() {
        backOff.delayFor(clock.now);
        backOff.delayFor(clock.now);
        backOff.reset();
        assertThat(backOff.delayFor(clock.now)).isZero();
    }
}
