package dev.firebreak.status.client;

import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The guard of one thing status-svc probes (a target, the edge): the probe timeout, and a breaker
 * of its own that opens after 3 failures in a row and tries again after 5 s, so one dead target
 * costs a timeout per poll only until its breaker opens, and never slows the others.
 */
public final class ProbeGuard {

    private ProbeGuard() {
    }

    public static <T> TypedGuard<T> of(Class<T> answer, String breaker, Duration timeout) {
        return TypedGuard.create(answer)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                    .name(breaker)
                    .requestVolumeThreshold(3)
                    .failureRatio(1.0)
                    .delay(5, ChronoUnit.SECONDS)
                    .successThreshold(1)
                    .done()
                .build();
    }
}
