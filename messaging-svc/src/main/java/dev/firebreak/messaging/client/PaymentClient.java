package dev.firebreak.messaging.client;

import dev.firebreak.common.client.PeerRegion;
import dev.firebreak.common.client.RejectedByDependencyException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls payment-svc behind the {@code payment} circuit breaker. Retries are safe because every
 * transfer carries an Idempotency-Key; a rejection (insufficient funds, unknown wallet) is an
 * answer, not a failure, and neither trips the breaker nor is retried.
 */
@ApplicationScoped
public class PaymentClient {

    /** Name of the breaker in metrics and on {@code /ops/circuit-breakers}. */
    public static final String BREAKER = "payment";
    /** The breaker in front of payment-svc in the peer region. */
    public static final String PEER_BREAKER = "payment-peer";

    private final PaymentRestClient rest;
    private final PaymentRestClient peer;

    public PaymentClient(@RestClient PaymentRestClient rest) {
        this.rest = rest;
        this.peer = PeerRegion.client(PaymentRestClient.class, "payment").orElse(null);
    }

    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {RejectedByDependencyException.class, BulkheadException.class})
    @CircuitBreakerName(BREAKER)
    @Retry(maxRetries = 2, delay = 100, jitter = 50,
            abortOn = {RejectedByDependencyException.class, CircuitBreakerOpenException.class})
    @Bulkhead(16)
    public TransferResult transfer(String idempotencyKey, TransferRequest request) {
        return rest.transfer(idempotencyKey, request);
    }

    /** The same transfer, same key, to payment-svc in the peer region (its own breaker). */
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {RejectedByDependencyException.class, BulkheadException.class})
    @CircuitBreakerName(PEER_BREAKER)
    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            abortOn = {RejectedByDependencyException.class, CircuitBreakerOpenException.class})
    @Bulkhead(16)
    public TransferResult transferInPeerRegion(String idempotencyKey, TransferRequest request) {
        return PeerRegion.require(peer, "payment-svc").transfer(idempotencyKey, request);
    }
}
