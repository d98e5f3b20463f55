package dev.firebreak.messaging.service;

import dev.firebreak.common.client.PeerFallback;
import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.messaging.client.PaymentClient;
import dev.firebreak.messaging.client.TransferRequest;
import dev.firebreak.messaging.client.TransferResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Money movements chat asks payment-svc for, bounded in time. Nothing here writes to our own
 * database: a timeout interrupts only the outbound call, whose outcome the Idempotency-Key
 * settles on the client's retry.
 */
@ApplicationScoped
public class PaymentService {

    private final PaymentClient client;

    public PaymentService(PaymentClient client) {
        this.client = client;
    }

    @Timeout(4000)
    @Fallback(fallbackMethod = "fallbackTransfer", skipOn = RejectedByDependencyException.class)
    public TransferResult transfer(String idempotencyKey, TransferRequest request) {
        return client.transfer(idempotencyKey, request);
    }

    /**
     * First payment-svc in the other region: the same transfer, same key (payment-svc applies a key
     * once, wherever it arrives). Money cannot be queued behind the sender's back, so when that
     * fails too the deliberate fallback is a clear, retryable refusal: a retry with the same client
     * message id is safe whether or not payment-svc applied the transfer.
     */
    TransferResult fallbackTransfer(String idempotencyKey, TransferRequest request, Throwable cause) {
        return PeerFallback.to("payment-svc", "chat transfer " + idempotencyKey + " of " + request.amount() + " won", cause,
                () -> client.transferInPeerRegion(idempotencyKey, request), outage -> {
                    throw Problem.of(503, "payment-unavailable", "Payments are unavailable")
                            .detail("Sending money is unavailable right now; nothing was sent. Retry with the same clientMessageId in a few seconds.")
                            .exception();
                });
    }
}
