package dev.firebreak.chaos.load;

import java.util.SplittableRandom;

/** One kind of user activity the load generator repeats: a chat message, a payment, a ride. */
public interface Workload {

    /** The service whose objectives this activity counts towards. */
    String service();

    /** Prepares what the activity needs (accounts, wallets, drivers); called once before the run. */
    void setup();

    /**
     * Does the activity once, with all its requests and retries; never throws for a failure it can
     * record. {@code dueNanos} (System.nanoTime()) is when the open-loop schedule wanted it started:
     * its first request's latency counts from then.
     */
    void once(SplittableRandom random, long dueNanos);

    /** Leaves the clusters as a later run needs them (drivers off duty, ...), once the load is over; best effort. */
    default void finish() {
    }
}
