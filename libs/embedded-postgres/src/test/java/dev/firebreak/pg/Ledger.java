package dev.firebreak.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** The replication tests' database: {@code ledger}, with a table {@code entry} of rows to count. */
final class Ledger {

    private Ledger() {
    }

    static void sql(PostgresServer server, String statement) {
        try (Connection c = server.connect("ledger"); Statement st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in {@code entry}, or -1 when the server does not answer. */
    static long count(PostgresServer server) {
        try (Connection c = server.connect("ledger"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    static void await(Callable<Boolean> condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(condition);
    }
}
