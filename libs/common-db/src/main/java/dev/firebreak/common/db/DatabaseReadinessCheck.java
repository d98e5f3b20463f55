package dev.firebreak.common.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the service can reach a writable primary and its schema is current. Reports which
 * server answered, so an operator sees at a glance which region holds the primary.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    /** Seconds a readiness query may take. A timeout on this read is harmless; never on a write. */
    static final int QUERY_TIMEOUT_SECONDS = 2;

    private final AgroalDataSource dataSource;
    private final SchemaMigration migration;

    public DatabaseReadinessCheck(AgroalDataSource dataSource, SchemaMigration migration) {
        this.dataSource = dataSource;
        this.migration = migration;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database");
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery(
                    "SELECT pg_is_in_recovery(), coalesce(host(inet_server_addr()), 'local'), inet_server_port()")) {
                rs.next();
                boolean standby = rs.getBoolean(1);
                response.withData("role", standby ? "standby" : "primary")
                        .withData("server", rs.getString(2) + ":" + rs.getInt(3))
                        .withData("schema", migration.done() ? migration.version() : "pending");
                if (standby) {
                    dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
                    return response.down().withData("error", "connected to a read-only standby; waiting for a primary").build();
                }
                if (!migration.done()) {
                    return response.down().withData("error", "schema migration has not completed").build();
                }
                return response.up().build();
            }
        } catch (SQLException e) {
            // As after a failed request: the pool's other connections likely lead to the same lost server.
            dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
            return response.down()
                    .withData("error", "database unreachable: " + e.getMessage())
                    .build();
        }
    }
}
