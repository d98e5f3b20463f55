package dev.firebreak.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Something status-svc saw change: a target went down or came back, a breaker opened or closed,
 * the edge stopped or started answering.
 * {@code afterSeconds} says how long the previous state lasted (e.g. the downtime, on recovery).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Change(long id, Instant at, String target, String region, String service, Kind kind, String detail,
        Long afterSeconds) {

    /** What changed. */
    public enum Kind { SERVICE_DOWN, SERVICE_UP, BREAKER_OPEN, BREAKER_HALF_OPEN, BREAKER_CLOSED, BREAKER_IDLE, EDGE_DOWN, EDGE_UP }
}
