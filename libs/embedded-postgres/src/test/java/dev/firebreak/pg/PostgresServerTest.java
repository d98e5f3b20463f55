package dev.firebreak.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresServerTest {

    static Path base;
    static PostgresServer server;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory("pg-server-test-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = PostgresServer.builder().dataDir(base.resolve("data")).ephemeral().build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        PostgresBinaries.deleteTree(base);
    }

    @Test
    void runsARealServerThatKeepsCommittedRowsAcrossARestart() throws Exception {
        server.createDatabase("ledger");
        try (Connection c = server.connect("ledger"); var st = c.createStatement()) {
            st.execute("CREATE TABLE t (v int)");
            st.execute("INSERT INTO t VALUES (42)");
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();
        server.start();
        try (Connection c = server.connect("ledger"); var rs = c.createStatement().executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void killLooksLikeAPowerLossToClients() throws Exception {
        server.start();
        server.kill();
        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> server.connect("postgres")).isInstanceOf(SQLException.class);
        server.start(); // crash recovery
        try (Connection c = server.connect("postgres")) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void refusesDatabaseNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> server.createDatabase("x; DROP DATABASE postgres"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
