package dev.firebreak.status.model;

/** What a probe found. */
public enum Health {
    /** Not polled yet. */
    UNKNOWN,
    /** Readiness UP: serving. */
    UP,
    /** Answered, but its own health is DOWN (e.g. its database is unreachable). */
    DOWN,
    /** Did not answer: refused, timed out, or its probe breaker is open. */
    UNREACHABLE
}
