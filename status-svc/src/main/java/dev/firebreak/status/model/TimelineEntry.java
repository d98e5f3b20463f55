package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

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

    public TimelineEntry at(Instant start) {
        double offset = Math.round((at.toEpochMilli() - start.toEpochMilli()) / 100.0) / 10.0;
        return new TimelineEntry(at, source, kind, region, service, detail, afterSeconds, offset);
    }
}
