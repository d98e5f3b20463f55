package dev.firebreak.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service can reach a writable primary and its schema is current. Reports which
 * server answered, so an operator sees at a glance which region holds the primary. Answers
 * within about a second ({@link DatabaseWatch} has its own short-fused connection), so a slow
 * pool during a failover never makes the probe itself time out.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private final DatabaseWatch watch;
    private final SchemaMigration migration;

    public DatabaseReadinessCheck(DatabaseWatch watch, SchemaMigration migration) {
        this.watch = watch;
        this.migration = migration;
    }

    @Override
    public HealthCheckResponse call() {
        DatabaseWatch.Seen seen = watch.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("schema", migration.done() ? migration.version() : "pending");
        if (seen.server() != null) {
            response.withData("server", seen.server());
        }
        if (!seen.primary()) {
            return response.down().withData("role", "none").withData("error", seen.error()).build();
        }
        response.withData("role", "primary");
        if (!migration.done()) {
            return response.down().withData("error", "schema migration has not completed").build();
        }
        return response.up().build();
    }
}
