package dev.firebreak.common.ops;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The state of every named circuit breaker of this service, for status-svc and operators.
 * Public: names and states only, nothing secret (status pages read it). Breaker names come from {@code firebreak.circuit-breakers}; an unknown name fails at startup
 * of the first request rather than reporting a breaker that does not exist.
 */
@Path("/ops/circuit-breakers")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class CircuitBreakersResource {

    /** One breaker: its name and CLOSED, OPEN or HALF_OPEN. */
    public record Breaker(String name, CircuitBreakerState state) {
    }

    /** Every breaker of the service. */
    public record Breakers(String service, List<Breaker> breakers) {
    }

    private final CircuitBreakerMaintenance maintenance;
    private final String service;
    private final List<String> names;

    public CircuitBreakersResource(CircuitBreakerMaintenance maintenance,
            @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "firebreak.circuit-breakers") Optional<List<String>> names) {
        this.maintenance = maintenance;
        this.service = service;
        this.names = names.orElse(List.of());
    }

    @GET
    public Breakers list() {
        return new Breakers(service, names.stream()
                .map(name -> new Breaker(name, maintenance.currentState(name)))
                .toList());
    }
}
