package dev.firebreak.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One real PostgreSQL server on a loopback address, run from {@link PostgresBinaries}.
 * {@link #start()} initialises the data directory on first use; {@link #stop()} is a fast
 * shutdown; {@link #kill()} is a power loss (SIGKILL to the postmaster, no checkpoint).
 *
 * <p>Over 300 lines on purpose: a server's whole process lifecycle (initdb, configuration,
 * start, stop, kill, running as an unprivileged user) in one place.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostgresServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PostgresBinaries binaries;
    private final OsUser osUser;
    private final Path dataDir;
    private final Path logFile;
    private final String host;
    private final int port;
    private final String superuser;
    private final Map<String, String> settings;
    private final boolean diesWithParent;
    private final boolean passwordAuthentication;
    private Process process;

    private PostgresServer(Builder b) {
        this.binaries = b.binaries != null ? b.binaries : PostgresBinaries.fromClasspath();
        this.osUser = OsUser.forPostgres();
        this.dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        this.logFile = b.logFile != null ? b.logFile : dataDir.resolveSibling(dataDir.getFileName() + ".log");
        this.host = b.host;
        this.port = b.port > 0 ? b.port : FreePort.on(b.host);
        this.superuser = b.superuser;
        this.settings = new LinkedHashMap<>(b.settings);
        this.diesWithParent = b.diesWithParent;
        this.passwordAuthentication = b.passwordAuthentication;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Initialises the data directory if it is empty, starts the server and waits until it accepts connections. */
    public synchronized PostgresServer start() {
        if (isRunning()) {
            return this;
        }
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb();
        }
        List<String> cmd = new ArrayList<>(List.of(binaries.bin("postgres").toString(),
                "-D", dataDir.toString(), "-h", host, "-p", String.valueOf(port),
                "-c", "unix_socket_directories="));
        settings.forEach((k, v) -> {
            cmd.add("-c");
            cmd.add(k + "=" + v);
        });
        process = exec(cmd);
        waitUntilReady();
        LOG.infof("PostgreSQL on %s:%d started (pid %d, data %s, user %s)", host, port, process.pid(), dataDir, osUser);
        return this;
    }

    /** Fast shutdown: rolls back open transactions, checkpoints, exits. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            Process ctl = new ProcessBuilder(osUser.command(List.of(binaries.bin("pg_ctl").toString(),
                    "stop", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "30")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            ctl.waitFor(40, TimeUnit.SECONDS);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Power loss: SIGKILL to the postmaster; its backends notice and exit. No checkpoint, nothing flushed by us. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates a database owned by the superuser unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = connect("postgres");
             var exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC URL for {@code database} with the timeouts services use (see docs/data-safety.md). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?connectTimeout=2&socketTimeout=60";
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superuser);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return superuser;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Who this server's processes run as (and who must own its files). */
    public OsUser osUser() {
        return osUser;
    }

    /** The last lines the server logged, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    private void initdb() {
        try {
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            osUser.own(dataDir);
            Process p = exec(List.of(binaries.bin("initdb").toString(), "-D", dataDir.toString(),
                    "-U", superuser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions"));
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("initdb failed for " + dataDir + ":\n" + logTail(30));
            }
            // Simulated pods and peers connect from anywhere in 127.0.0.0/8, not only 127.0.0.1.
            String others = passwordAuthentication ? "scram-sha-256" : "trust";
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by PostgresServer: loopback only, for tests and the simulator.
                    local   all          all                 trust
                    host    all          %1$s   127.0.0.0/8   trust
                    host    replication  all   127.0.0.0/8   trust
                    host    all          all   127.0.0.0/8   %2$s
                    """.formatted(superuser, others), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process exec(List<String> command) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder pb = new ProcessBuilder(osUser.command(command, diesWithParent))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("TZ", "UTC");
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        }
    }

    private void waitUntilReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited with code " + process.exitValue()
                        + " while starting on " + host + ":" + port + ":\n" + logTail(30));
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill();
        throw new IllegalStateException("PostgreSQL did not accept connections on " + host + ":" + port
                + " within " + START_TIMEOUT.toSeconds() + " s (" + (last == null ? "" : last.getMessage()) + "):\n" + logTail(30));
    }

    /** Configures a {@link PostgresServer}. */
    public static final class Builder {
        private PostgresBinaries binaries;
        private Path dataDir;
        private Path logFile;
        private String host = "127.0.0.1";
        private int port;
        private String superuser = "postgres";
        private boolean diesWithParent;
        private boolean passwordAuthentication;
        private final Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "shared_buffers", "32MB",
                "max_connections", "200",
                // Backends of clients that gave up end within a second (docs/data-safety.md).
                "client_connection_check_interval", "1s"));

        public Builder binaries(PostgresBinaries binaries) {
            this.binaries = binaries;
            return this;
        }

        /** Where the cluster lives; its parent must be traversable by the PostgreSQL OS user. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** A loopback address; each simulated pod has its own. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder superuser(String superuser) {
            this.superuser = superuser;
            return this;
        }

        /** A {@code postgresql.conf} setting passed as {@code -c name=value}. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /**
         * The server gets SIGKILL when the thread that starts it ends (see
         * {@link OsUser#command(List, boolean)}): start it from a thread that lives as long as it should.
         */
        public Builder diesWithParent() {
            this.diesWithParent = true;
            return this;
        }

        /** Roles other than the superuser and replication must give their password (scram-sha-256). */
        public Builder passwordAuthentication() {
            this.passwordAuthentication = true;
            return this;
        }

        /** For throw-away test servers: no fsync, no synchronous commit to disk. */
        public Builder ephemeral() {
            settings.put("fsync", "off");
            settings.put("full_page_writes", "off");
            return this;
        }

        public PostgresServer build() {
            return new PostgresServer(this);
        }
    }
}
