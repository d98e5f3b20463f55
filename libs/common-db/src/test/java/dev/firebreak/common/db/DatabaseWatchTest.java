package dev.firebreak.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.pg.PostgresBinaries;
import dev.firebreak.pg.PostgresServer;
import dev.firebreak.pg.Replication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The watch against real servers: a primary (region-a's), its streaming standby (region-b's), and
 * a server that accepts connections and never answers (a frozen host, or a region whose links went
 * silent), each where a service's multi-host URL lists them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseWatchTest {

    static Path base;
    static PostgresServer regionA;
    static PostgresServer regionB;
    static Hung hung;
    final AtomicInteger poolReplacements = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("database-watch-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        regionA = PostgresServer.builder().dataDir(base.resolve("a")).ephemeral().build().start();
        regionA.createDatabase("app");
        regionB = PostgresServer.builder().dataDir(base.resolve("b")).ephemeral().build();
        Replication.seedStandby(regionA, regionB, "region_b");
        hung = new Hung();
    }

    @AfterAll
    static void stop() throws IOException {
        hung.close();
        regionB.kill();
        regionA.kill();
        PostgresBinaries.deleteTree(base);
    }

    @Test
    @Order(1)
    void aServerThatNeverAnswersFirstInTheUrlNoLongerStopsNewConnections() throws Exception {
        String url = url(hung.name(), name(regionA));
        // pgjdbc alone waits on the silent server until loginTimeout gives up on the whole attempt.
        assertThatThrownBy(() -> DriverManager.getConnection(url, credentials()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("timed out");

        DatabaseWatch watch = watch(url);
        DatabaseWatch.Seen seen = watch.check();

        assertThat(seen.primary()).as(seen.toString()).isTrue();
        assertThat(seen.server()).isEqualTo(name(regionA));
        try (Connection c = DriverManager.getConnection(url, credentials())) {
            assertThat(port(c)).as("the pool's next connection goes straight to the primary").isEqualTo(regionA.port());
        }
        assertThat(poolReplacements).hasValue(0);
        watch.close();
    }

    @Test
    @Order(2)
    void theStandbyIsPassedOverAndThePrimaryNamedWhateverTheOrder() {
        DatabaseWatch watch = watch(url(name(regionB), name(regionA)));

        DatabaseWatch.Seen seen = watch.check();

        assertThat(seen.primary()).isTrue();
        assertThat(seen.server()).isEqualTo(name(regionA));
        watch.close();
    }

    @Test
    @Order(3)
    void aLostPrimaryIsGivenUpOnAtItsSecondMissedLookAndThePromotedStandbyTakenAtOnce() throws Exception {
        String url = url(name(regionA), name(regionB));
        DatabaseWatch watch = watch(url);
        assertThat(watch.check().server()).isEqualTo(name(regionA));

        regionA.kill();
        DatabaseWatch.Seen once = watch.check();
        assertThat(once.primary()).as("one missed look is not a lost primary: %s", once).isTrue();
        assertThat(poolReplacements).hasValue(0);

        DatabaseWatch.Seen twice = watch.check();
        assertThat(twice.primary()).as(twice.toString()).isFalse();
        assertThat(twice.error()).contains(name(regionA) + " unreachable", name(regionB) + " is a read-only standby");
        assertThat(poolReplacements).as("the pool's connections to the lost primary replaced").hasValue(1);
        assertThat(watch.last()).isEqualTo(twice);

        Replication.promote(regionB);
        DatabaseWatch.Seen promoted = awaitPrimary(watch);
        assertThat(promoted.server()).isEqualTo(name(regionB));
        try (Connection c = DriverManager.getConnection(url, credentials())) {
            assertThat(port(c)).isEqualTo(regionB.port());
        }
        watch.close();
    }

    private static DatabaseWatch.Seen awaitPrimary(DatabaseWatch watch) {
        return org.awaitility.Awaitility.await("a primary after the promotion").atMost(java.time.Duration.ofSeconds(6))
                .pollInterval(java.time.Duration.ofMillis(200)).until(watch::check, DatabaseWatch.Seen::primary);
    }

    private DatabaseWatch watch(String url) {
        return new DatabaseWatch(url, credentials(), poolReplacements::incrementAndGet);
    }

    /** A service's URL: the servers in this order, only a primary will do. */
    private static String url(String... servers) {
        return "jdbc:postgresql://" + String.join(",", servers)
                + "/app?targetServerType=primary&connectTimeout=1&loginTimeout=2&socketTimeout=3&hostRecheckSeconds=5";
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", regionA.superuser());
        return p;
    }

    private static String name(PostgresServer server) {
        return server.host() + ":" + server.port();
    }

    private static int port(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Accepts TCP connections and never answers, the way a frozen host's kernel still would. */
    static final class Hung implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Hung() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "hung-server");
            t.setDaemon(true);
            t.start();
        }

        String name() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
