package dev.firebreak.edge.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long the witness counts a replication link silent, from what each database says of it look after look. */
class ObservationsTest {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    Instant now = T0;
    final Observations observations = new Observations(List.of("region-a", "region-b"), Duration.ofSeconds(1), () -> now);

    static DatabaseView standbyHearing(long silenceMs) {
        return new DatabaseView("region-b", true, "", List.of(), true, silenceMs, "postgres.region-a");
    }

    static DatabaseView standbyDisconnected() {
        return new DatabaseView("region-b", true, "", List.of(), false, null, "configured");
    }

    Duration upstreamSilenceAt(long ms) {
        now = T0.plusMillis(ms);
        return observations.observed("region-b", now).replicationSilence();
    }

    void at(long ms, DatabaseView view) {
        now = T0.plusMillis(ms);
        observations.seen(view);
    }

    @Test
    void aStreamingStandbyIsSilentSinceTheLastMessageItReports() {
        at(0, standbyHearing(300));
        assertThat(upstreamSilenceAt(0)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aStandbyWhoseConnectionWasResetIsSilentSinceTheLastLookAtWhichItStillStreamed() {
        // A killed primary resets its connections: the standby's WAL receiver is gone at the next look.
        at(0, standbyHearing(20));
        at(250, standbyDisconnected());
        assertThat(upstreamSilenceAt(250)).isEqualTo(Duration.ofMillis(250));
        at(500, standbyDisconnected());
        assertThat(upstreamSilenceAt(500)).isEqualTo(Duration.ofMillis(500));
        at(750, standbyHearing(10));
        assertThat(upstreamSilenceAt(750)).as("streaming again").isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void withoutALookInBetweenItNeverCountsSilenceItDidNotSee() {
        at(0, standbyHearing(20));
        now = T0.plusMillis(250);
        observations.unanswered("region-b", "timeout");
        at(2000, standbyDisconnected());
        assertThat(upstreamSilenceAt(2000)).as("it may have streamed until just now: silent from this look").isEqualTo(Duration.ZERO);
        at(2250, standbyDisconnected());
        assertThat(upstreamSilenceAt(2250)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aPrimaryWhoseStandbyVanishedHasHeardNothingSinceTheLastLookThatShowedIt() {
        var streaming = new DatabaseView.Standby("region_b", "streaming", "sync", 0, 40);
        at(0, new DatabaseView("region-a", false, "\"region_b\"", List.of(streaming), false, null, null));
        at(250, new DatabaseView("region-a", false, "\"region_b\"", List.of(), false, null, null));
        assertThat(observations.observed("region-a", now).replicationSilence()).isEqualTo(Duration.ofMillis(250));
    }
}
