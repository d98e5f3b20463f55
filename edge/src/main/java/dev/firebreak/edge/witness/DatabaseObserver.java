package dev.firebreak.edge.witness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One region's database, as the witness reads it: one short-fused connection (a dead region must
 * not stall the witness), as the {@code witness} role, which may read role and replication state
 * ({@code pg_monitor}) and nothing else. The witness changes nothing here: it acts through the
 * region's CloudNativePG {@code Cluster} ({@link RegionApi}). It reads SQL because the Cluster's
 * status is written by the region's operator: it stops changing when the region dies (so it cannot
 * tell a dead region from a quiet one), it is updated only as often as the operator reconciles, and
 * it does not carry how long each end of the replication link has heard nothing (docs/failover.md).
 */
public final class DatabaseObserver implements AutoCloseable {

    private final String region;
    private final String url;
    private final String user;
    private final String password;
    private Connection looking;

    public DatabaseObserver(String region, String url, String user, String password) {
        this.region = region;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public String region() {
        return region;
    }

    /** Reads the database's role and replication state; throws when it does not answer within about a second. */
    public synchronized DatabaseView observe() throws SQLException {
        try {
            if (looking == null || looking.isClosed()) {
                looking = connect(1);
            }
            return read(looking);
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    private DatabaseView read(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean inRecovery;
            String syncNames;
            String conninfo;
            long commitWaitMs;
            // A commit's wait for the standby starts when its COMMIT does (query_start): close enough, as the
            // local flush before it takes milliseconds. pg_monitor may see every backend's wait.
            try (ResultSet rs = st.executeQuery("""
                    SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names'), current_setting('primary_conninfo'),
                           (SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start) * 1000), 0)::bigint
                              FROM pg_stat_activity WHERE wait_event_type = 'IPC' AND wait_event = 'SyncRep')""")) {
                rs.next();
                inRecovery = rs.getBoolean(1);
                syncNames = rs.getString(2);
                conninfo = rs.getString(3);
                commitWaitMs = rs.getLong(4);
            }
            if (!inRecovery) {
                List<DatabaseView.Standby> standbys = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("""
                        SELECT application_name, state, sync_state,
                               coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), -1)::bigint,
                               coalesce((extract(epoch FROM clock_timestamp() - reply_time) * 1000)::bigint, 0)
                          FROM pg_stat_replication""")) {
                    while (rs.next()) {
                        standbys.add(new DatabaseView.Standby(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getLong(5)));
                    }
                }
                return new DatabaseView(region, false, syncNames, standbys, false, null, null, commitWaitMs);
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT status, (extract(epoch FROM clock_timestamp() - last_msg_receipt_time) * 1000)::bigint, sender_host
                      FROM pg_stat_wal_receiver""")) {
                if (rs.next()) {
                    boolean streaming = "streaming".equals(rs.getString(1));
                    long silence = rs.getLong(2);
                    return new DatabaseView(region, true, syncNames, List.of(), streaming, rs.wasNull() ? null : silence,
                            conninfo.isBlank() ? null : rs.getString(3));
                }
            }
            return new DatabaseView(region, true, syncNames, List.of(), false, null, conninfo.isBlank() ? null : "configured");
        }
    }

    private Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "1");
        props.setProperty("loginTimeout", "2");
        props.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        props.setProperty("ApplicationName", "firebreak-witness");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, props);
    }

    private void closeQuietly() {
        if (looking != null) {
            try {
                looking.close();
            } catch (SQLException ignored) {
                // already broken
            }
            looking = null;
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
