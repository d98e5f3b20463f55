package dev.firebreak.status.edge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The part of the edge's contract status-svc reads (docs/edge.md). Unknown fields are ignored so
 * the edge can grow without breaking the page.
 */
public final class EdgeApi {

    private EdgeApi() {
    }

    /** {@code GET /edge/regions}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Regions(Instant at, String preferredRegion, String primaryRegion, Map<String, String> serving, List<Region> regions) {
    }

    /** One region as the edge sees it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Region(String name, boolean drained, List<ServiceHealth> services, Database database) {
    }

    /** One region's service as the edge's health checks see it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceHealth(String region, String service, boolean healthy, Instant since, String reason) {
    }

    /** One region's database as the witness sees it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Database(boolean reachable, String role, String replication, Long lagBytes, String error) {
    }

    /** One read of the edge: its view and the decisions after the last one seen. */
    public record Reading(Regions regions, List<Event> events) {
    }

    /** One decision of the edge ({@code GET /edge/events}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Event(long seq, Instant time, String kind, String region, String service, String detail) {
    }
}
