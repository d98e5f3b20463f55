package dev.firebreak.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlapDampingTest {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    private final FlapDamping damping = new FlapDamping(Duration.ofSeconds(60), 2, 16);

    @Test
    void aServiceNeverRemovedOrRemovedOnceComesBackAfterThePlainRise() {
        assertThat(damping.passesNeeded(T0)).isEqualTo(2);
        damping.removed(T0);
        assertThat(damping.passesNeeded(T0.plusSeconds(1))).isEqualTo(2);
    }

    @Test
    void eachRemovalWithinTheWindowDoublesThePassesNeededUpToTheCap() {
        for (int n = 0; n < 6; n++) {
            damping.removed(T0.plusSeconds(n * 5L));
        }
        assertThat(damping.recentRemovals(T0.plusSeconds(30))).isEqualTo(6);
        assertThat(damping.passesNeeded(T0.plusSeconds(30))).as("2 × 2^5 = 64, capped").isEqualTo(16);

        FlapDamping three = new FlapDamping(Duration.ofSeconds(60), 2, 16);
        three.removed(T0);
        three.removed(T0.plusSeconds(3));
        three.removed(T0.plusSeconds(6));
        assertThat(three.passesNeeded(T0.plusSeconds(7))).isEqualTo(8);
    }

    @Test
    void removalsOlderThanTheWindowAreForgiven() {
        damping.removed(T0);
        damping.removed(T0.plusSeconds(10));
        damping.removed(T0.plusSeconds(20));
        assertThat(damping.passesNeeded(T0.plusSeconds(21))).isEqualTo(8);

        assertThat(damping.passesNeeded(T0.plusSeconds(65))).as("only the last two remain").isEqualTo(4);
        assertThat(damping.passesNeeded(T0.plusSeconds(81))).isEqualTo(2);
    }
}
