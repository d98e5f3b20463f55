package dev.firebreak.chaos.history;

/** What the history checker holds a drill's clients to, one rule each (docs/experiments.md, "The history"). */
public enum Rule {
    CHAT_GAPLESS("chat.gapless", "each room's messages are numbered 1..n, without gaps or repeats"),
    CHAT_NO_VANISHED_READS("chat.no-vanished-reads", "no message a client was shown (in a read, or as its own acknowledgement) is missing or renumbered later"),
    CHAT_MONOTONIC_READS("chat.monotonic-reads", "a client never sees a room's newest number go backwards"),
    MONEY_CONSERVED("payments.money-conserved", "every audit taken during the run found money conserved and every invariant of the ledger held"),
    NO_NEGATIVE_BALANCE("payments.no-negative-balance", "no balance a client read is negative"),
    BALANCE_MONOTONIC_READS("payments.monotonic-reads", "a client never reads its balance older than one it read before"),
    BALANCE_READ_YOUR_WRITES("payments.read-your-writes", "a client's balance includes every transfer and top-up it was already told succeeded"),
    RIDE_LEGAL_ORDER("rides.legal-order", "a ride's observed states go REQUESTED, MATCHED, PICKED_UP, COMPLETED (or CANCELLED before pickup), never back"),
    RIDE_ONE_PER_DRIVER("rides.one-ride-per-driver", "no driver is on two active rides at once"),
    RIDE_FARE_ONCE("rides.fare-charged-once", "every completed ride's fare is in its rider's ledger exactly once, and charges no other ride"),
    IN_DOUBT_RESOLVED("in-doubt.resolved", "every write left in doubt is found committed (once) or not committed by the read-back");

    private final String id;
    private final String statement;

    Rule(String id, String statement) {
        this.id = id;
        this.statement = statement;
    }

    public String id() {
        return id;
    }

    public String statement() {
        return statement;
    }
}
