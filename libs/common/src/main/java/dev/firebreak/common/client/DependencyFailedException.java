package dev.firebreak.common.client;

/**
 * A dependency failed to serve a request (5xx, or an answer we cannot use). Counts as a failure
 * for circuit breakers and may be retried when the call is idempotent.
 */
public class DependencyFailedException extends RuntimeException {

    private final int status;

    public DependencyFailedException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
