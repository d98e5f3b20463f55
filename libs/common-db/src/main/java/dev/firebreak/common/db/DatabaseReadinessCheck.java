package dev.firebreak.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service can reach a writable primary and its schema is current. Reports which
 * server is the primary, so an operator sees at a glance which region holds it. Answers at once
 * from {@link DatabaseWatch}'s last verdict (it looks every second), so neither a slow pool nor a
 * hung server during a failover ever makes the probe itself time out.
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
        DatabaseWatch.Seen seen = watch.last();
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
