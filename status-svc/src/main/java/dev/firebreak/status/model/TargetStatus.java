package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The latest view of one target.
 *
 * @param unanswered probes in a row that got no answer while the target still counts as up (a
 *     suspicion not yet confirmed); absent when its last probe was answered
 * @param identityExpiresAt when the target's own service token expires (services that have one)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetStatus(String name, String region, String service, String url, Health health, Instant since,
        Instant lastPolledAt, Long latencyMs, Map<String, String> breakers, Map<String, Object> failingChecks, String error,
        Integer unanswered, Instant identityExpiresAt) {
}
