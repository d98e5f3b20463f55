package dev.firebreak.edge.health;

import dev.firebreak.edge.config.EdgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: the edge knows at least one region and one route; a front door to nowhere is a misconfiguration. */
@Startup
@ApplicationScoped
public class RoutesStartupCheck implements HealthCheck {

    private final EdgeConfig config;

    public RoutesStartupCheck(EdgeConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ok = !config.regions().isEmpty() && !config.routes().isEmpty();
        var response = HealthCheckResponse.named("routes-configured").status(ok).withData("regions", String.join(",", config.regions()))
                .withData("routes", config.routes().size());
        if (!ok) {
            response.withData("error", "set edge.regions and edge.routes.<name>.prefix/.service");
        }
        return response.build();
    }
}
