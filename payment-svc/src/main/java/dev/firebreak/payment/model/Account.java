package dev.firebreak.payment.model;

/** A ledger account as the service sees it while moving money. */
public record Account(long id, String kind, String owner, long balance) {

    public boolean mayGoNegative() {
        return "SYSTEM".equals(kind);
    }
}
