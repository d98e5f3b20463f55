package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.firebreak.status.model.Overview.State;
import java.time.Instant;
import java.util.List;

/**
 * Everything the status page shows ({@code GET /api/page}; the HTML page renders exactly this).
 *
 * @param overall worst state of any function; null until the first poll
 * @param headline the one line a user reads first
 * @param incidents newest first; an ongoing one comes first
 * @param timeline newest first, status-svc's changes and the edge's decisions together (bounded)
 * @param regions each region in detail, for engineers
 * @param servedBy the region whose status-svc rendered this page
 * @param notices what operators must do before it hurts users (e.g. renew an expiring service identity)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page(Instant generatedAt, String servedBy, State overall, String headline, boolean polled, List<FunctionView> functions,
        List<Incident> incidents, List<TimelineEntry> timeline, List<RegionDetail> regions, EdgeView edge, List<OperatorNotice> notices) {

    /** One region for engineers: each service's instances (health data, breakers) and its database as the witness sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegionDetail(String region, State state, Boolean drained, EdgeView.Database database,
            List<Overview.ServiceView> services) {
    }
}
