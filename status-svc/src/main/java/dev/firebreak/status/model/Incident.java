package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.firebreak.status.model.Overview.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A period in which some function was not fully operational, as a status page reports it: what
 * was affected and how badly, when it started and ended, and what happened meanwhile, from
 * status-svc's own probes and the edge's decisions (detection, promotion, traffic switch,
 * restore), each at its offset from the start.
 *
 * @param functions each affected function's title → the worst state it reached
 * @param ended null while ongoing
 * @param durationSeconds so far, when ongoing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Incident(long id, String title, State worst, Map<String, State> functions, Instant started, Instant ended,
        long durationSeconds, boolean ongoing, List<TimelineEntry> timeline) {
}
