package dev.firebreak.sim.kubelet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The kubelet's crash-loop back-off for one container: the first restart is immediate, then each
 * waits 10 s, 20 s, 40 s … up to 5 min after the container finished; the back-off is forgotten
 * when no restart happened for twice the maximum (10 min).
 */
public final class RestartBackOff {

    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(5);

    private final Clock clock;
    private Duration backOff;
    private Instant lastUpdate;

    public RestartBackOff(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before restarting a container that finished at {@code finishedAt}; records the restart. */
    public synchronized Duration delayFor(Instant finishedAt) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        if (backOff != null && Duration.between(lastUpdate, now).compareTo(MAX.multipliedBy(2)) <= 0) {
            Duration remaining = backOff.minus(Duration.between(finishedAt, now));
            wait = remaining.isNegative() ? Duration.ZERO : remaining;
            backOff = backOff.multipliedBy(2).compareTo(MAX) > 0 ? MAX : backOff.multipliedBy(2);
        } else {
            backOff = INITIAL;
        }
        lastUpdate = now;
        return wait;
    }

    /** A new sandbox (a node that rebooted): no back-off carried over. */
    public synchronized void reset() {
        backOff = null;
        lastUpdate = null;
    }
}
