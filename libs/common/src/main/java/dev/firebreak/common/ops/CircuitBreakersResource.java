package dev.firebreak.common.ops;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The state of every named circuit breaker of this service, for status-svc and operators.
 * Public: names, states and since when, nothing secret (status pages read it). Breaker names come
 * from {@code firebreak.circuit-breakers}; an unknown name fails startup rather than reporting a
 * breaker that does not exist.
 */
@Path("/ops/circuit-breakers")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class CircuitBreakersResource {

    /**
     * One breaker: its name, CLOSED, OPEN or HALF_OPEN, and since when. An OPEN breaker stays OPEN
     * until a call arrives after its delay, so an old {@code since} on an OPEN one means no call has
     * tried the dependency since, not that the dependency keeps failing.
     */
    public record Breaker(String name, CircuitBreakerState state, Instant since) {
    }

    /** Every breaker of the service. */
    public record Breakers(String service, List<Breaker> breakers) {
    }

    private final CircuitBreakerMaintenance maintenance;
    private final BreakerTransitions transitions;
    private final String service;

    public CircuitBreakersResource(CircuitBreakerMaintenance maintenance, BreakerTransitions transitions,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.maintenance = maintenance;
        this.transitions = transitions;
        this.service = service;
    }

    @GET
    public Breakers list() {
        return new Breakers(service, transitions.names().stream()
                .map(name -> new Breaker(name, maintenance.currentState(name), transitions.since(name)))
                .toList());
    }
}
