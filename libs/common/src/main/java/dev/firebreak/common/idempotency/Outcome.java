package dev.firebreak.common.idempotency;

/**
 * The result of an idempotent write: either applied now, or a replay of the result an earlier
 * request with the same key or client id produced.
 */
public record Outcome<T>(T value, boolean replayed) {

    public static <T> Outcome<T> applied(T value) {
        return new Outcome<>(value, false);
    }

    public static <T> Outcome<T> replayed(T value) {
        return new Outcome<>(value, true);
    }
}
