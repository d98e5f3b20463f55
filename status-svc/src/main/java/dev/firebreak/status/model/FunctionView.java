package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.firebreak.status.model.Overview.State;
import java.time.Instant;
import java.util.List;

/**
 * One function as users know it (chat, payments, taxi): its state in every region together, since
 * when, in plain words, and its last hour.
 *
 * @param state null until the first poll
 * @param reasons what makes it less than operational, one sentence each, for users
 * @param uptimePercent share of the last hour's polls in which it served (operational or degraded); null before any
 * @param lastHour one entry a minute, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionView(String key, String title, String service, State state, Instant since, String summary, List<String> reasons,
        Double uptimePercent, List<UptimeMinute> lastHour) {

    /** One minute of a function's last hour: the worst state seen in it, and how many polls saw it ({@code worst} null: none). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UptimeMinute(Instant minute, State worst, int samples, int down) {
    }
}
