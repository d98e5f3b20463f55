package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The edge as status-svc sees it: whether it answers (and since when), and, from its last answer,
 * where each service's clients go, where the database primary is, and each region's database.
 *
 * @param watched whether an edge is configured ({@code status.edge.url})
 * @param serving service → the region its clients are sent to
 * @param databases region → its database as the failover witness sees it
 * @param asOf when the edge gave the view shown (older than now when it stopped answering)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EdgeView(boolean watched, String url, Health health, Instant since, String error, String preferredRegion,
        String primaryRegion, Map<String, String> serving, Map<String, Database> databases, Map<String, Boolean> drained,
        Instant asOf) {

    /** One region's database: role (primary, standby, down), replication (sync, async, ...) and lag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Database(boolean reachable, String role, String replication, Long lagBytes, String error) {
    }
}
