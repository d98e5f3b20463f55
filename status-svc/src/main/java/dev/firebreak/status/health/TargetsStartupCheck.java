package dev.firebreak.status.health;

import dev.firebreak.status.service.StatusBoard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: at least one target is configured; a status page watching nothing is a misconfiguration. */
@Startup
@ApplicationScoped
public class TargetsStartupCheck implements HealthCheck {

    private final StatusBoard board;

    public TargetsStartupCheck(StatusBoard board) {
        this.board = board;
    }

    @Override
    public HealthCheckResponse call() {
        int targets = board.targetCount();
        var response = HealthCheckResponse.named("targets-configured").status(targets > 0).withData("targets", targets);
        if (targets == 0) {
            response.withData("error", "no targets: set status.targets.<name>.url, .region and .service");
        }
        return response.build();
    }
}
