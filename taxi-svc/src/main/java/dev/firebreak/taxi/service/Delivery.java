package dev.firebreak.taxi.service;

/** What became of one attempt to deliver an outbox entry. */
public record Delivery(boolean delivered, String detail) {

    /** Delivered; {@code result} is what the dependency returned (e.g. a transfer id). */
    public static Delivery delivered(String result) {
        return new Delivery(true, result);
    }

    /** Not now: the dependency is unavailable; the entry stays pending and is retried later. */
    public static Delivery deferred(String reason) {
        return new Delivery(false, reason);
    }
}
