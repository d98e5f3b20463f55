package dev.firebreak.status.model;

import java.time.Instant;

/** One point of a target's history. */
public record Sample(Instant at, Health health, long latencyMs, int openBreakers) {
}
