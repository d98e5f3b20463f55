package dev.firebreak.status.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.status.model.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An incident's timeline on a machine where everything flaps: the decisions still show. */
class IncidentTimelineTest {

    private static final Instant START = Instant.parse("2026-12-02T08:17:16Z");

    private static TimelineEntry entry(int second, String source, String kind) {
        return new TimelineEntry(START.plusMillis(second * 100L), source, kind, "region-a", "payment-svc", kind + " at " + second, null, null)
                .at(START);
    }

    /** 300 flaps, with the fire's decisions scattered through the middle of them. */
    private static List<TimelineEntry> fire() {
        List<TimelineEntry> all = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            all.add(entry(n, n % 3 == 0 ? "status-svc" : "edge", n % 2 == 0 ? "SERVICE_DOWN" : "TRAFFIC_SWITCHED"));
            switch (n) {
                case 100 -> all.add(entry(n, "edge", "REGION_LOST"));
                case 110 -> all.add(entry(n, "edge", "PROMOTED"));
                case 150 -> all.add(entry(n, "status-svc", "EDGE_DOWN"));
                case 200 -> all.add(entry(n, "edge", "REJOINED"));
                default -> { }
            }
        }
        return all;
    }

    @Test
    void everyDecisionIsKeptAndTheFlapsAroundThemAreCounted() {
        List<TimelineEntry> all = fire();

        List<TimelineEntry> shown = StatusPage.elide(all);

        assertThat(shown).extracting(TimelineEntry::kind).contains("REGION_LOST", "PROMOTED", "EDGE_DOWN", "REJOINED");
        List<TimelineEntry> elided = shown.stream().filter(e -> e.kind().equals("ELIDED")).toList();
        assertThat(shown.size() - elided.size()).isEqualTo(StatusPage.PER_INCIDENT);
        long dropped = elided.stream().mapToLong(e -> Long.parseLong(e.detail().split(" ")[0])).sum();
        assertThat(shown.size() - elided.size() + dropped).as("every entry is shown or counted").isEqualTo(all.size());
        assertThat(shown.get(0)).as("the start stays").isEqualTo(all.get(0));
        assertThat(shown.get(shown.size() - 1)).as("the end stays").isEqualTo(all.get(all.size() - 1));
        assertThat(shown).extracting(TimelineEntry::at).isSorted();
        assertThat(elided).allSatisfy(e -> assertThat(e.offsetSeconds()).isNotNull());
    }

    @Test
    void aShortTimelineIsShownWhole() {
        List<TimelineEntry> all = fire().subList(0, StatusPage.PER_INCIDENT);

        assertThat(StatusPage.elide(all)).isEqualTo(all);
    }
}
