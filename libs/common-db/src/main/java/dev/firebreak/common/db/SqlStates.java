package dev.firebreak.common.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Classifies PostgreSQL SQLSTATEs by what a caller should do about them. */
public final class SqlStates {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    /** {@code lock_timeout} expired while a statement waited for a lock: nothing was written. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** A transaction lost a race and may run again (Transactions does, up to 5 times). */
    public static final String SERIALIZATION_FAILURE = "40001";

    private SqlStates() {
    }

    /** The transaction lost a race and may simply be run again. */
    public static boolean isRetryable(SQLException e) {
        String state = e.getSQLState();
        return SERIALIZATION_FAILURE.equals(state) || "40P01".equals(state);
    }

    /**
     * The database could not be reached or stopped serving this session: connection failures,
     * a server shutting down, or a server that is (now) a read-only standby after a failover.
     */
    public static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // Agroal's acquisition timeout and pgjdbc's I/O errors before a state is known.
            return true;
        }
        return state.startsWith("08") // connection exception
                || state.equals("57P01") || state.equals("57P02") || state.equals("57P03") // shutdown, crash, cannot connect now
                || state.equals("25006") // read-only transaction: we reached a standby
                || state.equals("53300"); // too many connections
    }

    public static boolean is(SQLException e, String state) {
        return state.equals(e.getSQLState());
    }

    /** A unique, check or foreign-key violation of the constraint (or unique index) named {@code constraint}. */
    public static boolean isViolationOf(SQLException e, String constraint) {
        String state = e.getSQLState();
        boolean violation = UNIQUE_VIOLATION.equals(state) || CHECK_VIOLATION.equals(state) || FOREIGN_KEY_VIOLATION.equals(state);
        return violation && e.getMessage() != null && e.getMessage().contains("\"" + constraint + "\"");
    }
}
