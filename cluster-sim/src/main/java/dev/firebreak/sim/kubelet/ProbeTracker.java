package dev.firebreak.sim.kubelet;

/**
 * One probe's result as the kubelet keeps it: it turns to failure after {@code failureThreshold}
 * consecutive failures and back to success after {@code successThreshold} consecutive successes.
 */
public final class ProbeTracker {

    private final int successThreshold;
    private final int failureThreshold;
    private boolean result;
    private int successes;
    private int failures;

    /** {@code initial}: readiness starts failed, liveness starts succeeded. */
    public ProbeTracker(int successThreshold, int failureThreshold, boolean initial) {
        if (successThreshold < 1 || failureThreshold < 1) {
            throw new IllegalArgumentException("Probe thresholds must be at least 1");
        }
        this.successThreshold = successThreshold;
        this.failureThreshold = failureThreshold;
        this.result = initial;
    }

    /** Records one probe outcome; returns true when the result changed. */
    public synchronized boolean record(boolean success) {
        if (success) {
            failures = 0;
            successes++;
            if (!result && successes >= successThreshold) {
                result = true;
                return true;
            }
        } else {
            successes = 0;
            failures++;
            if (result && failures >= failureThreshold) {
                result = false;
                return true;
            }
        }
        return false;
    }

    public synchronized boolean result() {
        return result;
    }

    /** Consecutive failures so far (what a startup probe counts against its threshold). */
    public synchronized int failures() {
        return failures;
    }
}
