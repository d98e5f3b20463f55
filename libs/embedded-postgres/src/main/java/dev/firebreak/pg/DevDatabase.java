package dev.firebreak.pg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL that {@code ./firebreak dev <service>} runs for Quarkus dev mode: one server on
 * 127.0.0.1:5432 (or {@code FIREBREAK_DEV_PG_PORT}) with a database and a role per service
 * (password = name), kept between runs, until the process is stopped.
 */
public final class DevDatabase {

    static final List<String> DATABASES = List.of("messaging", "payment", "taxi");

    private DevDatabase() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("FIREBREAK_DEV_PG_PORT", "5432"));
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "firebreak-dev-postgres-" + System.getProperty("user.name"));
        Files.createDirectories(base);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresServer server = PostgresServer.builder().dataDir(base.resolve("data")).port(port).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "stop-dev-postgres"));
        server.start();
        for (String db : DATABASES) {
            ensureRoleAndDatabase(server, db);
        }
        System.out.printf("PostgreSQL ready on 127.0.0.1:%d, databases %s (role = password = name); data in %s, log %s%n",
                port, DATABASES, server.dataDir(), server.logFile());
        stopped.await();
    }

    static void ensureRoleAndDatabase(PostgresServer server, String name) throws SQLException, IOException {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "'");
                }
            }
        }
        server.createDatabase(name);
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + name + " OWNER TO " + name);
        }
    }
}
