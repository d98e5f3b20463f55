package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** The latest view of one target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetStatus(String name, String region, String service, String url, Health health, Instant since,
        Instant lastPolledAt, Long latencyMs, Map<String, String> breakers, Map<String, Object> failingChecks, String error) {
}
