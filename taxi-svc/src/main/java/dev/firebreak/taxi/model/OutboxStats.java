package dev.firebreak.taxi.model;

/**
 * What waits in the outbox: the "payment charges pending" an operator or the status page reports,
 * and the fares riders owe (charges payment-svc refused: the rider must settle them).
 */
public record OutboxStats(long pendingCharges, long unpaidCharges, long settledCharges, long pendingNotices,
        long oldestPendingSeconds) {
}
