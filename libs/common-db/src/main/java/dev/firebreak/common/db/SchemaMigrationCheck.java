package dev.firebreak.common.db;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup: the database schema has been migrated to the version this build expects. */
@Startup
@ApplicationScoped
public class SchemaMigrationCheck implements HealthCheck {

    private final SchemaMigration migration;

    public SchemaMigrationCheck(SchemaMigration migration) {
        this.migration = migration;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("schema-migration")
                .status(migration.done())
                .withData("attempts", migration.attempts());
        if (migration.done()) {
            response.withData("version", migration.version()).withData("completedAt", migration.completedAt().toString());
        } else if (migration.lastError() != null) {
            response.withData("lastError", migration.lastError());
        }
        return response.build();
    }
}
