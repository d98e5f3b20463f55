package dev.firebreak.common.client;

/**
 * A dependency could not serve: it answered 502, 503 or 504 (not busy), or an answer we cannot use,
 * or nothing. This, timeouts and connection failures are what count as failures for circuit
 * breakers and may be retried when the call is idempotent; an answer about the request itself is a
 * {@link RejectedByDependencyException} instead.
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
