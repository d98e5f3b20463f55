package dev.firebreak.pg;

import static dev.firebreak.pg.Ledger.await;
import static dev.firebreak.pg.Ledger.count;
import static dev.firebreak.pg.Ledger.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A primary and a synchronous streaming standby, as the two regions will run them. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationTest {

    static Path base;
    static PostgresServer primary;
    static PostgresServer standby;

    @BeforeAll
    static void startPair() throws Exception {
        base = Files.createTempDirectory("pg-replication-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        primary = PostgresServer.builder().dataDir(base.resolve("a")).ephemeral().build().start();
        primary.createDatabase("ledger");
        sql(primary, "CREATE TABLE entry (id int PRIMARY KEY, amount bigint)");
        sql(primary, "INSERT INTO entry SELECT g, g * 100 FROM generate_series(1, 5000) g");
        standby = PostgresServer.builder().dataDir(base.resolve("b")).ephemeral().build();
        Replication.seedStandby(primary, standby, "region_b");
        Replication.makeSynchronous(primary, "region_b");
    }

    @AfterAll
    static void stopPair() {
        standby.kill();
        primary.kill();
        PostgresBinaries.deleteTree(base);
    }

    @Test
    @Order(1)
    void seededStandbyStreamsSynchronouslyAndServesWhatThePrimaryCommitted() {
        await(() -> Replication.standby(primary, "region_b").map(s -> s.state().equals("streaming") && s.syncState().equals("sync"))
                .orElse(false), "standby streaming synchronously");
        assertThat(Replication.isStandby(standby)).isTrue();
        assertThat(count(standby)).isEqualTo(5000);

        sql(primary, "INSERT INTO entry VALUES (5001, 42)");
        await(() -> count(standby) == 5001, "the new row on the standby");
        assertThat(Replication.standby(primary, "region_b").orElseThrow().lagBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Order(2)
    void standbyRefusesWrites() {
        assertThatThrownBy(() -> sql(standby, "INSERT INTO entry VALUES (9999, 1)"))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause().satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
    }

    @Test
    @Order(3)
    void aCommitWaitsWhileTheSynchronousStandbyIsGoneAndGoesThroughOnceReplicationIsAsynchronous() throws Exception {
        standby.kill();
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> sql(primary, "INSERT INTO entry VALUES (6000, 7)"));
        // A synchronous commit without its standby is not acknowledged: it stays pending.
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !commit.isDone());

        Replication.makeAsynchronous(primary);
        commit.get(10, TimeUnit.SECONDS);
        assertThat(count(primary)).isEqualTo(5002);

        standby.start(); // rejoins from its slot and catches up
        await(() -> count(standby) == 5002, "the standby catching up after its restart");
        Replication.makeSynchronous(primary, "region_b");
        await(() -> Replication.standby(primary, "region_b").map(s -> s.syncState().equals("sync")).orElse(false), "sync again");
    }

    @Test
    @Order(4)
    void promotedStandbyAcceptsWrites() {
        primary.kill();
        Replication.promote(standby);
        assertThat(Replication.isStandby(standby)).isFalse();
        sql(standby, "INSERT INTO entry VALUES (7000, 1)");
        assertThat(count(standby)).isEqualTo(5003);
    }
}
