package dev.firebreak.common.db;

/**
 * The database could not serve a request. When {@link #outcomeUnknown()} is true the failure
 * came while committing: the write may or may not have happened, so the client must retry with
 * the same idempotency key rather than assume either.
 */
public class DatabaseUnavailableException extends RuntimeException {

    private final boolean outcomeUnknown;

    public DatabaseUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
