package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Something that changed: a target went down or came back, a breaker opened or closed.
 * {@code afterSeconds} says how long the previous state lasted (e.g. the downtime, on recovery).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Incident(long id, Instant at, String target, String region, String service, Kind kind, String detail,
        Long afterSeconds) {

    /** What changed. */
    public enum Kind { SERVICE_DOWN, SERVICE_UP, BREAKER_OPEN, BREAKER_HALF_OPEN, BREAKER_CLOSED }
}
