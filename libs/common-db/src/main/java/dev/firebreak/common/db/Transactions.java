package dev.firebreak.common.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Runs units of work against the service's database with plain JDBC transactions.
 *
 * <p>Deliberately no JTA and no timeouts on writes: a JTA reaper, a JDBC query timeout or a
 * statement cancel can interrupt a commit that is waiting for the synchronous standby, and
 * PostgreSQL then reports success (SQLWarning 01000) for a commit that was never replicated.
 * A write waits as long as it must; pgjdbc's {@code socketTimeout} (longer than a failover) is
 * the only bound, and it fails the request with an unknown outcome instead of a false success.
 */
@ApplicationScoped
public class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final int MAX_ATTEMPTS = 5;

    /** Work done on one connection; may throw any runtime exception to roll back. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Transactions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in one read-committed transaction and commits it. A transaction that lost
     * a deadlock or serialization race is run again (so {@code work} must not have side effects
     * outside the database). Any exception rolls everything back.
     */
    public <T> T write(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Connection c = acquire();
            boolean committing = false;
            try {
                c.setAutoCommit(false);
                T result = work.run(c);
                committing = true;
                c.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (SqlStates.isRetryable(e) && attempt < MAX_ATTEMPTS) {
                    LOG.debugf("Retrying transaction after %s (attempt %d)", e.getSQLState(), attempt);
                    continue;
                }
                throw failure(e, committing);
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                // Only after the rollback: returning a connection to the pool resets auto-commit,
                // and switching auto-commit on in an open transaction commits it (JDBC spec).
                closeQuietly(c);
            }
        }
    }

    /** Runs {@code work} on an auto-commit connection; for reads. */
    public <T> T read(Work<T> work) {
        Connection c = acquire();
        try {
            c.setAutoCommit(true);
            return work.run(c);
        } catch (SQLException e) {
            throw failure(e, false);
        } finally {
            closeQuietly(c);
        }
    }

    /** What a failed statement means to the request: busy, unavailable (maybe while committing), or a bug. */
    private static RuntimeException failure(SQLException e, boolean committing) {
        if (SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE) && !committing) {
            return new DatabaseBusyException("Gave up waiting for a row lock: " + e.getMessage(), e);
        }
        if (SqlStates.isUnavailable(e)) {
            return new DatabaseUnavailableException("Database unavailable: " + e.getMessage(), e, committing);
        }
        return new IllegalStateException("Database error " + e.getSQLState() + ": " + e.getMessage(), e);
    }

    private Connection acquire() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("No database connection: " + e.getMessage(), e, false);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debugf("Closing a connection failed: %s", e.getMessage());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it.
        }
    }
}
