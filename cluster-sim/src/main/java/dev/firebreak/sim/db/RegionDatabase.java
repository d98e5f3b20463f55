package dev.firebreak.sim.db;

import dev.firebreak.pg.PostgresServer;
import dev.firebreak.pg.Replication;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A region's PostgreSQL server (what CloudNativePG runs on a real cluster): one database per
 * service, owned by a role whose password is in the {@code <db>-db} Secret. It starts either as
 * the primary (a fresh data directory) or as a streaming standby of another region's primary,
 * reached across the WAN.
 *
 * <p>Over 300 lines on purpose: everything the operator does to one server (start as primary or
 * standby, promote, demote, follow, rebuild, look) shares its server, its data directory and its
 * one connection for looking.
 */
public final class RegionDatabase {

    /** A region's database as {@code status} reports it. */
    public record State(String cluster, String address, String role, String replication, Long lagBytes) {
    }

    public static final int PORT = 5432;

    private final Site site;
    private final PostgresServer server;
    private final ProcessSpawner spawner;
    /** The operators' connection for looks ({@link #onLookingConnection}). */
    private Connection looking;

    public RegionDatabase(Site site, String address, Path dataDir, Path logFile, ProcessSpawner spawner) {
        this.site = site;
        this.spawner = spawner;
        this.server = PostgresServer.builder().dataDir(dataDir).logFile(logFile).host(address).port(PORT)
                .diesWithParent().passwordAuthentication()
                .setting("max_connections", "300") // as k8s/components/cloudnative-pg/common/cluster.yaml
                .setting("shared_buffers", "16MB")
                .setting("wal_keep_size", "256MB")
                // Both ends of a replication link hear each other every second and give up after
                // two of silence, so the witness can tell a lost link from a quiet one quickly.
                .setting("wal_sender_timeout", "2s")
                .setting("wal_receiver_timeout", "2s")
                .setting("wal_receiver_status_interval", "1s")
                .setting("wal_retrieve_retry_interval", "500ms")
                // A backend whose client gave up (socketTimeout) notices within a second, even
                // while it waits for a lock, instead of keeping its place and its connection slot
                // (docs/data-safety.md, "Hot rows and lock waits").
                .setting("client_connection_check_interval", "1s")
                .build();
    }

    public Site site() {
        return site;
    }

    public PostgresServer server() {
        return server;
    }

    /**
     * Initialises and starts this region's database as the primary, with every service's database
     * and role, and the witness's role: it may read replication state, nothing else (docs/failover.md).
     */
    public void startAsPrimary(LocalSecrets secrets) {
        spawner.run(server::start);
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement()) {
            for (String db : LocalSecrets.DATABASES) {
                String user = secrets.value(db + "-db", "username");
                String password = secrets.value(db + "-db", "password");
                st.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                st.execute("CREATE DATABASE " + db + " OWNER " + user);
            }
            // The witness only reads (role, replication state): it acts through the Cluster objects (docs/failover.md).
            String witness = secrets.value("witness-db", "username");
            st.execute("CREATE ROLE " + witness + " LOGIN PASSWORD '" + secrets.value("witness-db", "password").replace("'", "''")
                    + "' IN ROLE pg_monitor");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the services' databases in " + site + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes this region's database a synchronous streaming standby of {@code primary}, which it
     * reaches at {@code primaryHost:primaryPort} (its WAN gateway): commits on the primary are
     * acknowledged only once they are here too.
     */
    public void startAsStandbyOf(RegionDatabase primary, String primaryHost, int primaryPort) {
        spawner.run(() -> Replication.seedStandby(primary.server, server, replicationName(), primaryHost, primaryPort));
        Replication.makeSynchronous(primary.server, replicationName());
    }

    /** This region's name as its standby's slot and application name (plain identifiers: region_b). */
    public String replicationName() {
        return site.name().replace('-', '_');
    }

    /** Power loss: SIGKILL, nothing flushed. */
    public void kill() {
        server.kill();
    }

    /**
     * Power is back: the server starts again from its data directory, read-only. A database never
     * becomes a primary by itself after a crash: a standby goes on following its upstream, and a
     * former primary waits, fenced, until the witness says whether it is still the primary.
     */
    public void restart() {
        try {
            Path signal = server.dataDir().resolve("standby.signal");
            if (!Files.exists(signal)) {
                Files.writeString(signal, "", StandardCharsets.US_ASCII);
                server.osUser().own(signal);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fence " + site + "'s database before restarting it", e);
        }
        spawner.run(server::start);
    }

    /**
     * Replaces this region's database with a streaming standby of {@code primary}, seeded from it
     * (what pg_basebackup does over the replication protocol on a real cluster; here the files
     * are copied directly). The standby reaches the primary at {@code primaryHost:primaryPort}.
     */
    public void rejoin(RegionDatabase primary, String primaryHost, int primaryPort) {
        if (primary == this) {
            throw new IllegalArgumentException(site + " cannot follow itself");
        }
        if (!primary.server.isRunning() || Replication.isStandby(primary.server)) {
            throw new IllegalStateException(primary.site + " is not a running primary");
        }
        // The copy itself is a shortcut on one machine, but the way to the primary is real: across
        // the WAN, so a partition makes a rejoin fail (and leaves this database as it was).
        Properties props = new Properties();
        props.setProperty("user", server.superuser());
        props.setProperty("connectTimeout", "2");
        props.setProperty("socketTimeout", "3");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + primaryHost + ":" + primaryPort + "/postgres", props);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new IllegalStateException(primary.site + " answers as a standby through the WAN");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(site + " cannot reach " + primary.site + "'s database across the WAN: " + e.getMessage(), e);
        }
        server.kill();
        spawner.run(() -> Replication.seedStandby(primary.server, server, replicationName(), primaryHost, primaryPort));
    }

    /**
     * A clean demotion, as CloudNativePG demotes a replica cluster's primary: a fast shutdown (the
     * standby receives the WAL up to the shutdown checkpoint before the server exits; commits still
     * waiting for it are cut off in doubt, and the standby has them), then a start as a standby that
     * follows nobody yet. Returns where its WAL ends, the shutdown checkpoint: the demotion token,
     * which the promoted region must have replayed. Having written nothing past it, this database can
     * then follow the new primary's timeline as it is ({@link #follow}), without a rebuild.
     */
    public Replication.Checkpoint demote() {
        Replication.stopForDemotion(server);
        spawner.run(server::start);
        return Replication.lastCheckpoint(server);
    }

    /**
     * Makes this standby stream from {@code primary}, reached at {@code primaryHost:primaryPort},
     * as it is: what a cleanly demoted primary needs. Whether it streams shows in {@link #look()}.
     */
    public void follow(RegionDatabase primary, String primaryHost, int primaryPort) {
        Replication.follow(primary.server, server, replicationName(), primaryHost, primaryPort);
    }

    public void stop() {
        server.stop();
    }

    /** What the operator reads of this database each round. */
    public record Look(boolean running, boolean inRecovery, String synchronousStandbyNames, boolean streaming, boolean followsSomeone,
            String replayLsn) {
    }

    /** This database as its operator sees it (never throws: a database that does not answer is not running). */
    public Look look() {
        if (!server.isRunning()) {
            closeLooking();
            return new Look(false, false, null, false, false, null);
        }
        try {
            return onLookingConnection(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names'), "
                             + "current_setting('primary_conninfo') <> '', "
                             + "(SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming') > 0, "
                             + "coalesce(pg_last_wal_replay_lsn()::text, '')")) {
                    rs.next();
                    return new Look(true, rs.getBoolean(1), rs.getString(2), rs.getBoolean(4), rs.getBoolean(3), rs.getString(5));
                }
            });
        } catch (SQLException e) {
            return new Look(false, false, null, false, false, null);
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code query} on the one connection the operators look through (four times a second
     * each, and the other region's operator looks at its upstream too): a new connection per look
     * was a PostgreSQL backend forked and a SCRAM exchange on both sides, a dozen a second for
     * nothing. A connection that fails is replaced once, at once: a restarted server is not a silent one.
     */
    private synchronized <T> T onLookingConnection(Query<T> query) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (looking == null) {
                    looking = connect();
                }
                return query.run(looking);
            } catch (SQLException e) {
                closeLooking();
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    private synchronized void closeLooking() {
        if (looking != null) {
            try {
                looking.close();
            } catch (SQLException ignored) {
                // it is being replaced because it failed
            }
            looking = null;
        }
    }

    /** Promotes this standby and waits (up to 10 s) until it accepts writes: only the region's operator calls it. */
    public void promote() {
        try (Connection c = connect(15); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_promote(true, 10)")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("pg_promote did not finish within 10 s in " + site);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot promote " + site + "'s database: " + e.getMessage(), e);
        }
    }

    /** Sets which standby commits wait for ({@code ""}: none, asynchronous) and reloads. */
    public void synchronousStandby(String name) {
        String names = name.isEmpty() ? "" : "\"" + name + "\"";
        try (Connection c = connect(5); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = '" + names + "'");
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set synchronous_standby_names in " + site + ": " + e.getMessage(), e);
        }
    }

    /** Whether this standby has replayed up to {@code lsn} (an LSN as PostgreSQL prints it). */
    public boolean replayedUpTo(String lsn) {
        try {
            return onLookingConnection(c -> {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn.replace("'", "") + "'::pg_lsn")) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            });
        } catch (SQLException e) {
            return false;
        }
    }

    /** This database's role and replication state; {@code peers} are the other regions' databases. */
    public State state(List<RegionDatabase> peers) {
        String address = server.host() + ":" + server.port();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            boolean standby;
            try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                standby = rs.getBoolean(1);
            }
            if (!standby) {
                try (ResultSet rs = st.executeQuery("SELECT current_setting('synchronous_standby_names')")) {
                    rs.next();
                    return new State(site.name(), address, "primary", rs.getString(1).isBlank() ? "async" : "sync", 0L);
                }
            }
            boolean streaming;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")) {
                rs.next();
                streaming = rs.getInt(1) > 0;
            }
            if (!streaming) {
                return new State(site.name(), address, "standby", "disconnected", null);
            }
            Optional<Replication.StandbyState> seen = peers.stream().filter(p -> p != this).map(p -> p.standbyOnPrimary(replicationName()))
                    .flatMap(Optional::stream).findFirst();
            return seen.map(s -> new State(site.name(), address, "standby", "streaming".equals(s.state()) ? s.syncState() : s.state(),
                    s.lagBytes())).orElse(new State(site.name(), address, "standby", "streaming", null));
        } catch (SQLException e) {
            return new State(site.name(), address, "down", "none", null);
        }
    }

    private Optional<Replication.StandbyState> standbyOnPrimary(String name) {
        try {
            return Replication.standby(server, name);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A short-fused connection for status reads and settings (never used for data writes). */
    private Connection connect() throws SQLException {
        return connect(3);
    }

    private Connection connect(int socketTimeoutSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", server.superuser());
        props.setProperty("connectTimeout", "1");
        props.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        props.setProperty("loginTimeout", "3");
        return DriverManager.getConnection("jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres", props);
    }
}
