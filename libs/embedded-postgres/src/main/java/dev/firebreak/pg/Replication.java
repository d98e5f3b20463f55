package dev.firebreak.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Physical streaming replication between two {@link PostgresServer}s, done the way an operator
 * would without pg_basebackup (which the zonky binaries lack): a replication slot, an online
 * copy bracketed by {@code pg_backup_start}/{@code pg_backup_stop}, {@code standby.signal}, and
 * {@code synchronous_standby_names} switched with {@code ALTER SYSTEM} and a reload.
 */
public final class Replication {

    /** What pg_basebackup leaves out of a copy: runtime state, and WAL (the standby streams it). */
    private static final Set<String> SKIP_CONTENTS = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify", "pg_serial",
            "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final Set<String> SKIP_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map",
            "standby.signal", "recovery.signal");

    /** One standby as the primary sees it. */
    public record StandbyState(String name, String state, String syncState, long lagBytes) {
    }

    private Replication() {
    }

    /**
     * Makes {@code standby} (stopped, its data directory absent or empty) a streaming standby of
     * the running {@code primary} under {@code name} (slot and application name), and starts it.
     * The primary keeps serving throughout.
     */
    public static void seedStandby(PostgresServer primary, PostgresServer standby, String name) {
        seedStandby(primary, standby, name, primary.host(), primary.port());
    }

    /**
     * As {@link #seedStandby(PostgresServer, PostgresServer, String)}, with the standby reaching
     * the primary at {@code primaryHost:primaryPort} (e.g. through a WAN link) rather than directly.
     */
    public static void seedStandby(PostgresServer primary, PostgresServer standby, String name, String primaryHost, int primaryPort) {
        if (standby.isRunning()) {
            throw new IllegalStateException("Stop the standby before seeding it");
        }
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
            createSlot(st, name);
            st.execute("SELECT pg_backup_start('firebreak-seed-" + ident(name) + "', true)");
            Path target = standby.dataDir();
            PostgresBinaries.deleteTree(target);
            copyDataDirectory(primary.dataDir(), target);
            String label;
            try (ResultSet rs = st.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(target.resolve("backup_label"), label, StandardCharsets.US_ASCII);
            Files.writeString(target.resolve("standby.signal"), "", StandardCharsets.US_ASCII);
            Files.writeString(target.resolve("postgresql.auto.conf"), followConf(primaryHost, primaryPort, primary.superuser(), name),
                    StandardCharsets.US_ASCII);
            standby.osUser().ownTree(target);
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding standby " + name + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Seeding standby " + name + " failed", e);
        }
        standby.start();
    }

    /** A server's last checkpoint: where redo starts, its timeline and the system's identifier (a demotion token's content). */
    public record Checkpoint(String redoLsn, long timeline, String systemId) {
    }

    /**
     * The first half of a clean demotion, as CloudNativePG demotes a replica cluster's primary: a
     * fast shutdown (its streaming standbys receive the WAL up to the shutdown checkpoint before it
     * exits; a commit still waiting for its synchronous standby is cut off, in doubt for its
     * client, and on the standby), then {@code standby.signal} and no upstream, so that the next
     * {@code start()} makes it a standby that follows nobody yet. Its {@link #lastCheckpoint} is then
     * where its WAL ends: once the promoted server has replayed that far, this one has written
     * nothing the other lacks and can {@link #follow} it as it is.
     */
    public static void stopForDemotion(PostgresServer primary) {
        primary.stop();
        try {
            Path dir = primary.dataDir();
            Path signal = dir.resolve("standby.signal");
            Files.writeString(signal, "", StandardCharsets.US_ASCII);
            primary.osUser().own(signal);
            Path auto = dir.resolve("postgresql.auto.conf");
            if (Files.exists(auto)) {
                List<String> kept = Files.readAllLines(auto, StandardCharsets.US_ASCII).stream()
                        .filter(l -> !l.startsWith("primary_conninfo") && !l.startsWith("primary_slot_name")).toList();
                Files.write(auto, kept, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + primary.host() + ":" + primary.port() + " a standby", e);
        }
    }

    /** {@code server}'s last checkpoint, from its control file (readable on a standby too). */
    public static Checkpoint lastCheckpoint(PostgresServer server) {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT redo_lsn::text, timeline_id, (SELECT system_identifier FROM pg_control_system())::text "
                     + "FROM pg_control_checkpoint()")) {
            rs.next();
            return new Checkpoint(rs.getString(1), rs.getLong(2), rs.getString(3));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the last checkpoint of " + server.host() + ":" + server.port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points {@code standby} (running, in recovery, on the same system and a timeline {@code primary}'s
     * history contains: a cleanly demoted former primary, say) at {@code primary}, reached at
     * {@code primaryHost:primaryPort}, under {@code name}, without copying anything: it fetches the
     * new timeline's history and streams from where its own WAL ends. What PostgreSQL cannot follow
     * (a timeline that forked before that point) it refuses, and the standby does not stream.
     */
    public static void follow(PostgresServer primary, PostgresServer standby, String name, String primaryHost, int primaryPort) {
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
            createSlot(st, name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the slot " + name + " on the primary: " + e.getMessage(), e);
        }
        try (Connection c = standby.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET primary_conninfo = '" + conninfo(primaryHost, primaryPort, primary.superuser(), name).replace("'", "''") + "'");
            st.execute("ALTER SYSTEM SET primary_slot_name = '" + ident(name) + "'");
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot point " + name + " at its new primary: " + e.getMessage(), e);
        }
    }

    /** Commits on the primary wait until {@code name} has them: nothing acknowledged exists in one place only. */
    public static void makeSynchronous(PostgresServer primary, String name) {
        setStandbyNames(primary, "\"" + ident(name) + "\"");
    }

    /** Commits no longer wait for any standby (when the standby's region is gone); the at-risk window starts. */
    public static void makeAsynchronous(PostgresServer primary) {
        setStandbyNames(primary, "");
    }

    /** The standbys connected to {@code primary}, with their lag in bytes of WAL not yet replayed. */
    public static List<StandbyState> standbys(PostgresServer primary) {
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT application_name, state, sync_state,
                            coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint
                       FROM pg_stat_replication ORDER BY application_name""")) {
            List<StandbyState> states = new ArrayList<>();
            while (rs.next()) {
                states.add(new StandbyState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
            return states;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read replication state: " + e.getMessage(), e);
        }
    }

    public static Optional<StandbyState> standby(PostgresServer primary, String name) {
        return standbys(primary).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** True while the server is a standby (in recovery). */
    public static boolean isStandby(PostgresServer server) {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot ask " + server.host() + ":" + server.port() + " its role: " + e.getMessage(), e);
        }
    }

    /** Promotes a standby to primary and waits (up to 30 s) until it accepts writes. */
    public static void promote(PostgresServer standby) {
        try (Connection c = standby.connect("postgres"); PreparedStatement st = c.prepareStatement("SELECT pg_promote(true, 30)");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("pg_promote did not finish within 30 s");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Promotion failed: " + e.getMessage(), e);
        }
    }

    private static void setStandbyNames(PostgresServer primary, String names) {
        try (Connection c = primary.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = '" + names.replace("'", "''") + "'");
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set synchronous_standby_names: " + e.getMessage(), e);
        }
    }

    private static String followConf(String host, int port, String user, String name) {
        return "# Written by Replication.seedStandby: follow the primary.\n"
                + "primary_conninfo = '" + conninfo(host, port, user, name) + "'\n"
                + "primary_slot_name = '" + ident(name) + "'\n";
    }

    /** The physical replication slot {@code name} on the primary {@code st} talks to, unless it exists. */
    private static void createSlot(Statement st, String name) throws SQLException {
        st.execute("SELECT pg_create_physical_replication_slot('" + ident(name) + "', true) "
                + "WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + ident(name) + "')");
    }

    private static String conninfo(String host, int port, String user, String name) {
        return "host=" + host + " port=" + port + " user=" + user + " application_name=" + ident(name) + " connect_timeout=2";
    }

    /** Copies a live data directory; files that vanish mid-copy are WAL-covered, so skipping them is safe. */
    private static void copyDataDirectory(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                if (!dir.equals(source) && SKIP_CONTENTS.contains(dir.getFileName().toString())
                        && dir.getParent().equals(source)) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("pg_wal/archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (SKIP_FILES.contains(name) || name.startsWith("pgsql_tmp")) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException vanished) {
                    // Dropped while we copied: replaying WAL from the backup start recreates what matters.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** Slot and application names are plain identifiers; anything else is refused rather than quoted. */
    private static String ident(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain replication name: " + name);
        }
        return name;
    }
}
