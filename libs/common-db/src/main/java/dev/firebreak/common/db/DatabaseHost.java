package dev.firebreak.common.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.hostchooser.GlobalHostStatusTracker;
import org.postgresql.hostchooser.HostStatus;
import org.postgresql.util.HostSpec;

/**
 * One server of the datasource's (multi-host) URL, looked at on a short-fused connection of its
 * own. Every look is also told to pgjdbc's host status tracker, which is what its multi-host
 * connect consults first: new pool connections then go straight to the server known to be the
 * primary, and skip one known to hang.
 *
 * <p>Without that, a server that accepts TCP connections but never answers (a frozen VM, a
 * stopped postgres, a region whose links went silent) sits first in the URL and every new pool
 * connection waits on it for {@code socketTimeout} (or until {@code loginTimeout} gives up on the
 * whole attempt, whichever is first) before it tries the next host: after a failover the pool
 * refills one slow connection at a time, or not at all.
 *
 * <p>It only reads ({@code pg_is_in_recovery()}), so its timeouts can never cut a write short.
 */
final class DatabaseHost implements AutoCloseable {

    enum Role { PRIMARY, STANDBY, UNREACHABLE }

    /** What one look found: the server's role, or why it could not be told. */
    record Look(Role role, String error) {
    }

    private final HostSpec spec;
    private final String url;
    private final Properties properties;
    private Connection connection;

    private DatabaseHost(HostSpec spec, String url, Properties properties) {
        this.spec = spec;
        this.url = url;
        this.properties = properties;
    }

    /**
     * Every server of {@code jdbcUrl}, in the URL's order, each with the URL's own connection
     * properties except the short fuses a look needs.
     */
    static List<DatabaseHost> of(String jdbcUrl, Properties credentials) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        String[] hosts = PGProperty.PG_HOST.getOrDefault(parsed).split(",");
        String[] ports = PGProperty.PG_PORT.getOrDefault(parsed).split(",");
        String database = PGProperty.PG_DBNAME.getOrDefault(parsed);
        String localAddress = PGProperty.LOCAL_SOCKET_ADDRESS.getOrDefault(parsed);
        List<DatabaseHost> servers = new ArrayList<>(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            // Keyed exactly as pgjdbc keys its own connects, or the tracker would not match them.
            HostSpec spec = new HostSpec(hosts[i], Integer.parseInt(ports[i]), localAddress);
            Properties p = new Properties();
            p.putAll(parsed);
            p.putAll(credentials);
            p.remove(PGProperty.PG_HOST.getName());
            p.remove(PGProperty.PG_PORT.getName());
            p.remove(PGProperty.PG_DBNAME.getName());
            p.setProperty(PGProperty.TARGET_SERVER_TYPE.getName(), "any");
            p.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), "1");
            p.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), "2");
            p.setProperty(PGProperty.SOCKET_TIMEOUT.getName(), "1");
            p.setProperty(PGProperty.APPLICATION_NAME.getName(), "database-watch");
            String host = hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i];
            servers.add(new DatabaseHost(spec, "jdbc:postgresql://" + host + ":" + ports[i] + "/" + database, p));
        }
        return List.copyOf(servers);
    }

    /** host:port as the URL names it. */
    String name() {
        return spec.getHost() + ":" + spec.getPort();
    }

    /** Looks now (at most about two seconds when the server hangs), and tells pgjdbc what it saw. */
    synchronized Look look() {
        Look look;
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(url, properties);
            }
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                look = new Look(rs.getBoolean(1) ? Role.STANDBY : Role.PRIMARY, null);
            }
        } catch (SQLException e) {
            closeConnection();
            look = new Look(Role.UNREACHABLE, e.getMessage());
        }
        GlobalHostStatusTracker.reportHostStatus(spec, switch (look.role()) {
            case PRIMARY -> HostStatus.Primary;
            case STANDBY -> HostStatus.Secondary;
            case UNREACHABLE -> HostStatus.ConnectFail;
        });
        return look;
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

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
