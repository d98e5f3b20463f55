package dev.firebreak.chaos.load;

/** What a client knows after one request. */
public enum Outcome {
    /** Answered with success: for a write, acknowledged, so it must survive anything. */
    ACKED,
    /** Refused for a reason of its own (400, 404, 409, 422): nothing was applied, nothing is wrong. */
    REJECTED,
    /** Failed and said nothing was applied (a 503 without {@code outcomeUnknown}): safe to retry. */
    FAILED,
    /** No answer, or an answer that says it may have been applied: retried with the same key, never counted as acknowledged. */
    IN_DOUBT;

    /** Whether the client saw an error (what counts against the error rate and the RTO). */
    public boolean error() {
        return this == FAILED || this == IN_DOUBT;
    }
}
