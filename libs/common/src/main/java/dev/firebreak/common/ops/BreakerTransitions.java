package dev.firebreak.common.ops;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * When each named circuit breaker last changed state. SmallRye moves an open breaker to half-open
 * only when a call arrives after its delay, so a breaker that opened just before its traffic went
 * elsewhere reports OPEN for ever; with the time of its last transition a reader can tell such an
 * idle breaker from one that keeps failing its trial calls (each failed trial re-opens it, and moves
 * this time on). Names come from {@code firebreak.circuit-breakers}; an unknown one fails startup.
 */
@ApplicationScoped
public class BreakerTransitions {

    private final CircuitBreakerMaintenance maintenance;
    private final List<String> names;
    private final Clock clock;
    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    public BreakerTransitions(CircuitBreakerMaintenance maintenance, Clock clock,
            @ConfigProperty(name = "firebreak.circuit-breakers") Optional<List<String>> names) {
        this.maintenance = maintenance;
        this.clock = clock;
        this.names = names.orElse(List.of());
    }

    void onStart(@Observes StartupEvent event) {
        Instant now = clock.instant();
        for (String name : names) {
            since.put(name, now);
            maintenance.onStateChange(name, state -> since.put(name, clock.instant()));
        }
    }

    /** The breakers this service declares, in declaration order. */
    public List<String> names() {
        return names;
    }

    /** When {@code name} entered its current state (or when this process started, if it never changed). */
    public Instant since(String name) {
        return since.get(name);
    }
}
