package dev.firebreak.edge.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many passing checks a region's service needs before it is back in rotation, given how often
 * it was taken out lately. Each removal within {@code window} doubles the passes needed, up to
 * {@code maxRise}: a service that flaps (a cold JVM under load that answers readiness late, say)
 * is held out a little longer each time instead of pulling clients back and forth every second.
 * Envoy does the same with its outlier ejection time (base time × number of ejections); BGP calls
 * it route flap damping. A first removal comes back after the plain {@code rise}.
 */
public final class FlapDamping {

    private final Duration window;
    private final int rise;
    private final int maxRise;
    private final Deque<Instant> removals = new ArrayDeque<>();

    public FlapDamping(Duration window, int rise, int maxRise) {
        this.window = window;
        this.rise = Math.max(1, rise);
        this.maxRise = Math.max(this.rise, maxRise);
    }

    /** The service was taken out of rotation at {@code at}. */
    public void removed(Instant at) {
        forget(at);
        removals.addLast(at);
    }

    /** Passing checks in a row needed now to put it back: {@code rise × 2^(removals in the window − 1)}, capped. */
    public int passesNeeded(Instant now) {
        forget(now);
        int doublings = Math.max(0, removals.size() - 1);
        long needed = doublings >= 30 ? Long.MAX_VALUE : (long) rise << doublings;
        return (int) Math.min(maxRise, needed);
    }

    /** Removals within the window, for the reason given when it comes back. */
    public int recentRemovals(Instant now) {
        forget(now);
        return removals.size();
    }

    private void forget(Instant now) {
        Instant horizon = now.minus(window);
        while (!removals.isEmpty() && removals.peekFirst().isBefore(horizon)) {
            removals.removeFirst();
        }
    }
}
