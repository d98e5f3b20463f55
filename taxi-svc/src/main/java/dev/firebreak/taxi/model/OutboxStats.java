package dev.firebreak.taxi.model;

/** What waits in the outbox: the "payment charges pending" an operator or the status page reports. */
public record OutboxStats(long pendingCharges, long failedCharges, long settledCharges, long pendingNotices,
        long oldestPendingSeconds) {
}
