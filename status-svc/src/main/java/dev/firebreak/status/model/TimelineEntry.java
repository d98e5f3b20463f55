package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Set;

/**
 * One entry of the timeline: a change status-svc saw itself ({@code source} {@code status-svc}) or a
 * decision of the edge ({@code source} {@code edge}: SERVICE_DOWN, REGION_LOST, PROMOTED,
 * TRAFFIC_SWITCHED, REJOINED, ...).
 *
 * @param afterSeconds how long the state that ended here lasted, when known (e.g. the downtime, on recovery)
 * @param offsetSeconds within an incident, seconds since it started (negative: just before)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant at, String source, String kind, String region, String service, String detail, Long afterSeconds,
        Double offsetSeconds) {

    /**
     * Observations that come and go with every flap: a service or its breaker changing state, the
     * edge sending traffic after it, the witness losing or regaining sight of a database or an API
     * server, or a patch it sent (the decision it carries out is the milestone). Every other kind is
     * a milestone (a decision of the edge, the edge itself going or returning).
     */
    private static final Set<String> ROUTINE = Set.of("SERVICE_DOWN", "SERVICE_UP", "TRAFFIC_SWITCHED", "BREAKER_OPEN",
            "BREAKER_HALF_OPEN", "BREAKER_CLOSED", "BREAKER_IDLE", "DATABASE_UNREACHABLE", "DATABASE_REACHABLE", "API_UNREACHABLE",
            "API_REACHABLE", "CLUSTER_PATCHED");

    /** Whether an incident's timeline must always show this entry, however many others it holds. */
    @JsonIgnore
    public boolean milestone() {
        return !ROUTINE.contains(kind);
    }

    public TimelineEntry at(Instant start) {
        double offset = Math.round((at.toEpochMilli() - start.toEpochMilli()) / 100.0) / 10.0;
        return new TimelineEntry(at, source, kind, region, service, detail, afterSeconds, offset);
    }
}
