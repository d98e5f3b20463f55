package dev.firebreak.messaging.client;

/** Body of payment-svc's {@code POST /transfers}. */
public record TransferRequest(String fromUserId, String toUserId, long amount, String memo) {
}
