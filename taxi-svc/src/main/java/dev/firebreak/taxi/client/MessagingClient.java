package dev.firebreak.taxi.client;

import dev.firebreak.common.client.RejectedByDependencyException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Sends rider notices through messaging-svc behind the {@code messaging} breaker; idempotent by client message id. */
@ApplicationScoped
public class MessagingClient {

    /** Name of the breaker in metrics and on {@code /ops/circuit-breakers}. */
    public static final String BREAKER = "messaging";

    private final MessagingRestClient rest;

    public MessagingClient(@RestClient MessagingRestClient rest) {
        this.rest = rest;
    }

    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = RejectedByDependencyException.class)
    @CircuitBreakerName(BREAKER)
    @Retry(maxRetries = 2, delay = 100, jitter = 50,
            abortOn = {RejectedByDependencyException.class, CircuitBreakerOpenException.class})
    @Bulkhead(16)
    public void notify(NoticeRequest request) {
        rest.notify(request).close();
    }
}
