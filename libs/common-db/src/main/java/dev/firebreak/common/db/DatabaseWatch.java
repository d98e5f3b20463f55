package dev.firebreak.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps one connection of its own (outside the pool, short-fused) to whichever server is the
 * primary, and looks at it every second and on every readiness check. When the primary is lost,
 * turns read-only, or a different server answers (a failover happened), the pool's connections
 * are replaced at once: otherwise each would be found dead by a request in turn, each costing
 * that request seconds. It also answers readiness within about a second whatever the pool is doing.
 *
 * <p>It only reads ({@code pg_is_in_recovery()}), so its timeouts can never cut a write short.
 */
@ApplicationScoped
public class DatabaseWatch {

    private static final Logger LOG = Logger.getLogger(DatabaseWatch.class);

    /** What the watch saw last: a primary at {@code server}, or why not. */
    public record Seen(boolean primary, String server, String error) {
    }

    private final AgroalDataSource pool;
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private static final long FLUSH_AT_MOST_EVERY_NANOS = 2_000_000_000L;

    private Connection connection;
    private String server;
    private long lastFlush = System.nanoTime() - FLUSH_AT_MOST_EVERY_NANOS;
    private volatile Seen last = new Seen(false, null, "not checked yet");

    public DatabaseWatch(AgroalDataSource pool, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Scheduled(identity = "database-watch", every = "${firebreak.database-watch.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        check();
    }

    /** Looks at the primary now; replaces the pool's connections when it was lost or moved. */
    public synchronized Seen check() {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, properties());
            }
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), coalesce(host(inet_server_addr()), 'local') || ':' "
                         + "|| inet_server_port()")) {
                rs.next();
                boolean standby = rs.getBoolean(1);
                String now = rs.getString(2);
                if (standby) {
                    lost("the server " + now + " is a read-only standby now");
                    return last = new Seen(false, now, "connected to a read-only standby; waiting for a primary");
                }
                if (server != null && !server.equals(now)) {
                    replacePool("the primary moved from " + server + " to " + now);
                }
                server = now;
                return last = new Seen(true, now, null);
            }
        } catch (SQLException e) {
            lost(e.getMessage());
            return last = new Seen(false, server, "database unreachable: " + e.getMessage());
        }
    }

    /** The last look, without looking again. */
    public Seen last() {
        return last;
    }

    private void lost(String why) {
        closeConnection();
        if (last.primary()) {
            replacePool("the primary was lost (" + why + ")");
        }
    }

    /**
     * Idle connections go at once, busy ones when returned. Once per change, never per failed
     * request: under load, flushing on every error would close healthy connections in use and
     * feed itself.
     */
    private void replacePool(String why) {
        long now = System.nanoTime();
        if (now - lastFlush < FLUSH_AT_MOST_EVERY_NANOS) {
            return;
        }
        lastFlush = now;
        LOG.infof("Database: %s; replacing the pool's connections", why);
        pool.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }

    private Properties properties() {
        Properties p = new Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        // Looking only: short fuses are harmless here and keep readiness answers prompt.
        p.setProperty("connectTimeout", "1");
        p.setProperty("loginTimeout", "2");
        p.setProperty("socketTimeout", "1");
        p.setProperty("ApplicationName", "database-watch");
        return p;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        closeConnection();
    }
}
