package dev.firebreak.chaos.history;

import java.util.List;

/**
 * Grades a drill's history after the read-back (Jepsen-style, for what clients saw, not only
 * what was stored): chat ({@link ChatRules}), payments ({@link PaymentRules}) and rides
 * ({@link RideRules}). Real-time order is the only order used: an operation precedes another only
 * when it completed before the other was invoked. The read-back's operations ({@code final-*},
 * process {@code read-back}) are the final state; a write left in doubt is resolved from them,
 * never guessed.
 */
public final class Checker {

    private Checker() {
    }

    public static Verdict check(List<History.Op> ops) {
        Verdict.Builder found = new Verdict.Builder();
        Doubts doubts = new Doubts();
        ChatRules.check(ops, found, doubts);
        PaymentRules.check(ops, found, doubts);
        RideRules.check(ops, found, doubts);
        return new Verdict(ops.size(), found.build(), doubts.total, doubts.committed);
    }

    /** How the writes in doubt turned out. */
    static final class Doubts {
        long total;
        long committed;

        void resolved(boolean wasCommitted) {
            total++;
            committed += wasCommitted ? 1 : 0;
        }
    }
}
