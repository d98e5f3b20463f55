package dev.firebreak.chaos.load;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The writes the run cares about after it ends: every acknowledged one (it must be found exactly
 * once), and every one whose outcome stayed unknown after all its retries (it may or may not
 * have happened, and must not have happened twice).
 */
public final class AckLog {

    /**
     * One write, by its idempotency identity ({@code key}); {@code id} is what the service answered
     * (a transfer id), {@code users} whose records must show it, {@code attempts} how many requests it took.
     */
    public record Write(String service, String kind, String key, List<String> users, long amount, String id, long ackedAtMillis,
            int attempts) {
    }

    private final List<Write> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Write> inDoubt = new CopyOnWriteArrayList<>();

    public void acknowledged(Write w) {
        acknowledged.add(w);
    }

    public void inDoubt(Write w) {
        inDoubt.add(w);
    }

    public List<Write> acknowledged() {
        return List.copyOf(acknowledged);
    }

    public List<Write> inDoubt() {
        return List.copyOf(inDoubt);
    }

    /** Acknowledged writes that needed more than one request: in doubt at first, then resolved by a retry. */
    public long resolvedByRetry() {
        return acknowledged.stream().filter(w -> w.attempts() > 1).count();
    }
}
