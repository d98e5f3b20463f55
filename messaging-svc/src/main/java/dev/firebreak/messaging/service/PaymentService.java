package dev.firebreak.messaging.service;

import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.messaging.client.PaymentClient;
import dev.firebreak.messaging.client.TransferRequest;
import dev.firebreak.messaging.client.TransferResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Money movements chat asks payment-svc for, bounded in time. Nothing here writes to our own
 * database: a timeout interrupts only the outbound call, whose outcome the Idempotency-Key
 * settles on the client's retry.
 */
@ApplicationScoped
public class PaymentService {

    private static final Logger LOG = Logger.getLogger(PaymentService.class);

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
     * First payment-svc in the other region. Money cannot be queued behind the sender's back, so
     * when that fails too the deliberate fallback is a clear, retryable refusal: a retry with the
     * same client message id is safe whether or not payment-svc applied the transfer.
     */
    TransferResult fallbackTransfer(String idempotencyKey, TransferRequest request, Throwable cause) {
        try {
            // The same transfer, same key, in the peer region: payment-svc applies a key once, wherever it arrives.
            TransferResult result = client.transferInPeerRegion(idempotencyKey, request);
            LOG.warnf("payment-svc unavailable here (%s); chat transfer %s made through the peer region", cause.getClass().getSimpleName(),
                    idempotencyKey);
            return result;
        } catch (RejectedByDependencyException refused) {
            throw refused;
        } catch (RuntimeException peerToo) {
            LOG.warnf("payment-svc unavailable here and in the peer region (%s)", peerToo.getClass().getSimpleName());
        }
        LOG.warnf("payment-svc unavailable; refusing chat transfer %s of %d won", idempotencyKey, request.amount());
        throw Problem.of(503, "payment-unavailable", "Payments are unavailable")
                .detail("Sending money is unavailable right now; nothing was sent. Retry with the same clientMessageId in a few seconds.")
                .exception();
    }
}
