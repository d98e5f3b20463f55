package dev.firebreak.status.model;

/**
 * The states a target's circuit breaker is shown in: the service's own CLOSED, OPEN and HALF_OPEN,
 * and {@link #IDLE}, which status-svc gives an OPEN breaker that has not changed state for
 * {@code status.breaker-idle-after}: its wait is long over and no call has come since, so it holds
 * nothing back (the next call tries the dependency again).
 */
public final class BreakerStates {

    public static final String OPEN = "OPEN";
    public static final String HALF_OPEN = "HALF_OPEN";
    public static final String IDLE = "OPEN_IDLE";

    private BreakerStates() {
    }

    /** Whether a breaker in this state is keeping calls from its dependency (OPEN or HALF_OPEN). */
    public static boolean engaged(String state) {
        return OPEN.equals(state) || HALF_OPEN.equals(state);
    }
}
