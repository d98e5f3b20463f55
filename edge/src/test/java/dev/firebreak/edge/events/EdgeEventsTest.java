package dev.firebreak.edge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EdgeEventsTest {

    @Test
    void aRestartedEdgesEventsComeAfterEverythingTheLastOneNumbered() {
        Instant boot = Instant.parse("2026-12-01T10:00:00Z");
        EdgeEvents before = new EdgeEvents(Clock.fixed(boot, ZoneOffset.UTC));
        long last = 0;
        for (int i = 0; i < 2_000; i++) {
            last = before.record(EdgeEvents.Kind.SERVICE_DOWN, "region-a", "payment-svc", "check failed").seq();
        }
        EdgeEvents after = new EdgeEvents(Clock.fixed(boot.plus(Duration.ofSeconds(5)), ZoneOffset.UTC));
        EdgeEvents.Event first = after.record(EdgeEvents.Kind.SERVICE_UP, "region-a", "payment-svc", "check passed");

        assertThat(after.since(last)).as("what a watcher that saw the old edge's last event asks for").containsExactly(first);
    }
}
