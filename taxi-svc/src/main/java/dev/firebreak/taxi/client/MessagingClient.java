package dev.firebreak.taxi.client;

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
 * Sends rider notices through messaging-svc behind the {@code messaging} breaker, or through
 * messaging-svc in the peer region behind {@code messaging-peer}; idempotent by client message id.
 */
@ApplicationScoped
public class MessagingClient {

    /** Name of the breaker in metrics and on {@code /ops/circuit-breakers}. */
    public static final String BREAKER = "messaging";
    /** The breaker in front of messaging-svc in the peer region. */
    public static final String PEER_BREAKER = "messaging-peer";

    private final MessagingRestClient rest;
    private final MessagingRestClient peer;

    public MessagingClient(@RestClient MessagingRestClient rest) {
        this.rest = rest;
        this.peer = PeerRegion.client(MessagingRestClient.class, "messaging").orElse(null);
    }

    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {RejectedByDependencyException.class, BulkheadException.class})
    @CircuitBreakerName(BREAKER)
    @Retry(maxRetries = 2, delay = 100, jitter = 50,
            abortOn = {RejectedByDependencyException.class, CircuitBreakerOpenException.class})
    @Bulkhead(16)
    public void notify(NoticeRequest request) {
        rest.notify(request).close();
    }

    /** The same notice, same client message id, to messaging-svc in the peer region (its own breaker). */
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = {RejectedByDependencyException.class, BulkheadException.class})
    @CircuitBreakerName(PEER_BREAKER)
    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            abortOn = {RejectedByDependencyException.class, CircuitBreakerOpenException.class})
    @Bulkhead(16)
    public void notifyInPeerRegion(NoticeRequest request) {
        PeerRegion.require(peer, "messaging-svc").notify(request).close();
    }
}
