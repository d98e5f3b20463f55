package dev.firebreak.messaging.client;

/** Body of payment-svc's {@code POST /transfers}; the sender is whoever's token the call carries. */
public record TransferRequest(String toUserId, long amount, String memo) {
}
