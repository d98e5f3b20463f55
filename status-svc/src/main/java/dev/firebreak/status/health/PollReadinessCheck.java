package dev.firebreak.status.health;

import dev.firebreak.status.model.Health;
import dev.firebreak.status.service.StatusBoard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: status-svc has polled every target at least once, so what it serves is a view, not
 * a guess. Targets being down does not make it unready: reporting them is its job.
 */
@Readiness
@ApplicationScoped
public class PollReadinessCheck implements HealthCheck {

    private final StatusBoard board;

    public PollReadinessCheck(StatusBoard board) {
        this.board = board;
    }

    @Override
    public HealthCheckResponse call() {
        var last = board.lastPollAt();
        var response = HealthCheckResponse.named("polled").status(last.isPresent()).withData("targets", board.targetCount());
        if (last.isPresent()) {
            response.withData("lastPollAt", last.get().toString())
                    .withData("targetsUp", board.targets().stream().filter(t -> t.health() == Health.UP).count());
        } else {
            response.withData("error", "no polling round has completed yet");
        }
        return response.build();
    }
}
