package dev.firebreak.edge.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the edge has checked every region's services at least once, so it routes on what
 * it saw, not on a guess. Regions being down does not make the edge unready: routing around them
 * is its job, and with none healthy it still tries them (failing open).
 */
@Readiness
@ApplicationScoped
public class ChecksReadinessCheck implements HealthCheck {

    private final ActiveHealthChecks checks;
    private final RegionHealth health;

    public ChecksReadinessCheck(ActiveHealthChecks checks, RegionHealth health) {
        this.checks = checks;
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("regions-checked").status(checks.firstRoundDone());
        health.snapshot().forEach(s -> response.withData(s.region() + "/" + s.service(), s.healthy() ? "UP" : "DOWN"));
        if (!checks.firstRoundDone()) {
            response.withData("error", "the first round of health checks has not finished");
        }
        return response.build();
    }
}
