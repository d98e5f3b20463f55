package dev.firebreak.common.db;

/**
 * A statement waited longer than {@code lock_timeout} for a row another transaction holds (SQLSTATE
 * 55P03) and gave up: nothing was written, and the same request may be sent again in a moment.
 */
public class DatabaseBusyException extends DatabaseUnavailableException {

    public DatabaseBusyException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
