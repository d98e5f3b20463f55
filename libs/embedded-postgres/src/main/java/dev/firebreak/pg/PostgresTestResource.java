package dev.firebreak.pg;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Starts a real PostgreSQL for {@code @QuarkusTest}s (Dev Services needs Docker, which is not
 * here) and points the default datasource at a database of its own. One server serves the whole
 * test JVM; it stops when the JVM exits. Init arg {@code database} names the database.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static PostgresServer shared;
    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer server = server();
        server.createDatabase(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.username", server.superuser(),
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // The server outlives one application start; the shutdown hook stops it.
    }

    /** The JVM's test server, started on first use. */
    public static synchronized PostgresServer server() {
        if (shared == null) {
            try {
                Path base = Files.createTempDirectory("firebreak-test-pg-");
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
                PostgresServer server = PostgresServer.builder().dataDir(base.resolve("data")).ephemeral().build();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.kill();
                    PostgresBinaries.deleteTree(base);
                }, "stop-test-postgres"));
                shared = server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }
}
