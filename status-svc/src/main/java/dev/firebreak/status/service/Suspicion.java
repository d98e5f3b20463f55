package dev.firebreak.status.service;

/**
 * The rule {@code status.probe-fall} states, for one watched thing (a target or the edge): a probe
 * that got no answer in time, of something that was up, is a suspicion until {@code fall} of them
 * came in a row or something else confirms the loss. Refusals, DOWN answers, and probes of
 * something already down are verdicts. Not thread-safe: its owner holds the lock.
 */
public final class Suspicion {

    private final int fall;
    private int unanswered;

    public Suspicion(int fall) {
        this.fall = Math.max(1, fall);
    }

    /**
     * Counts a probe that failed; true when it is only a suspicion (the thing keeps counting as
     * up), false when it is a verdict.
     */
    public boolean onlySuspected(boolean timedOut, boolean wasUp, boolean confirmed) {
        if (!timedOut || !wasUp) {
            unanswered = 0;
            return false;
        }
        unanswered++;
        if (confirmed || unanswered >= fall) {
            unanswered = 0;
            return false;
        }
        return true;
    }

    /** The probe was answered: nothing is suspected any more. */
    public void answered() {
        unanswered = 0;
    }

    /** Probes in a row that got no answer while it still counts as up. */
    public int unanswered() {
        return unanswered;
    }
}
