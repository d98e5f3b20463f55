package dev.firebreak.pg;

import static dev.firebreak.pg.Ledger.await;
import static dev.firebreak.pg.Ledger.count;
import static dev.firebreak.pg.Ledger.sql;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A planned switchover as CloudNativePG does it: the primary shuts down cleanly and starts again as
 * a standby, the standby is promoted once it has replayed the old primary's shutdown checkpoint,
 * and the old primary follows the new timeline as it is: nothing copied, nothing lost.
 */
class CleanSwitchoverTest {

    Path base;
    PostgresServer a;
    PostgresServer b;

    @BeforeEach
    void startPair() throws Exception {
        base = Files.createTempDirectory("pg-switchover-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        a = PostgresServer.builder().dataDir(base.resolve("a")).ephemeral().build().start();
        a.createDatabase("ledger");
        sql(a, "CREATE TABLE entry (id int PRIMARY KEY)");
        sql(a, "INSERT INTO entry SELECT g FROM generate_series(1, 1000) g");
        b = PostgresServer.builder().dataDir(base.resolve("b")).ephemeral().build();
        Replication.seedStandby(a, b, "region_b");
        Replication.makeSynchronous(a, "region_b");
        await(() -> Replication.standby(a, "region_b").map(s -> "sync".equals(s.syncState())).orElse(false), "b synchronous");
    }

    @AfterEach
    void stopPair() {
        b.kill();
        a.kill();
        PostgresBinaries.deleteTree(base);
    }

    @Test
    void theDemotedPrimaryFollowsThePromotedStandbyWithoutACopyAndHasEverythingBothWrote() throws Exception {
        sql(a, "INSERT INTO entry VALUES (1001)");
        Path aFirstFile = a.dataDir().resolve("PG_VERSION");
        long aCreated = Files.getLastModifiedTime(aFirstFile).toMillis();

        Replication.stopForDemotion(a);
        a.start();
        assertThat(Replication.isStandby(a)).as("a restarts as a standby").isTrue();
        Replication.Checkpoint token = Replication.lastCheckpoint(a);
        await(() -> replayedUpTo(b, token.redoLsn()), "b replays up to a's shutdown checkpoint");
        Replication.promote(b);
        sql(b, "INSERT INTO entry VALUES (1002)");

        Replication.follow(b, a, "region_a", b.host(), b.port());
        await(() -> Replication.standby(b, "region_a").map(s -> "streaming".equals(s.state())).orElse(false), "a streams from b");
        await(() -> count(a) == 1002, "a has b's write after the switchover");
        assertThat(Replication.lastCheckpoint(b).timeline()).as("b promoted onto a new timeline").isGreaterThan(token.timeline());
        assertThat(Files.getLastModifiedTime(aFirstFile).toMillis()).as("a's data directory was not copied anew").isEqualTo(aCreated);

        Replication.makeSynchronous(b, "region_a");
        sql(b, "INSERT INTO entry VALUES (1003)"); // waits for a: returns only once a has it
        assertThat(count(a)).isEqualTo(1003);
    }

    @Test
    void aStandbyWhoseHistoryForkedOffEarlierDoesNotStreamAndSaysWhy() throws Exception {
        // Both write after they part: b is promoted while a is still a primary (a split brain's shape).
        Replication.makeAsynchronous(a);
        b.kill();
        sql(a, "INSERT INTO entry VALUES (2001)");
        b.start();
        Replication.promote(b);
        sql(b, "INSERT INTO entry VALUES (3001)");

        Replication.stopForDemotion(a);
        a.start();
        Replication.follow(b, a, "region_a", b.host(), b.port());
        await(() -> a.logTail(200).contains("forked off"), "a refusing b's timeline");
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> Replication.standby(b, "region_a").map(s -> !"streaming".equals(s.state())).orElse(true));
        assertThat(count(a)).as("a keeps what it had (its 1,000 and 2001, not 3001): it needs a rebuild").isEqualTo(1001);
    }

    private static boolean replayedUpTo(PostgresServer server, String lsn) throws SQLException {
        try (Connection c = server.connect("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
