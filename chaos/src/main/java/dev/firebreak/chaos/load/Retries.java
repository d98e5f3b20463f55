package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a careful client retries a write with the same key: up to {@code attempts} times, waiting
 * between them an exponentially growing pause ({@code firstPauseMs}, doubled each time, at most
 * {@code maxPauseMs}) of which a random half is jitter, so that clients failed by the same fault
 * do not come back in step; and never sooner than the server's {@code Retry-After} asked (capped
 * at {@code maxPauseMs} too: a client's patience is its own). The standard client tries ten
 * times over about 15-20 s: longer than a failover, shorter than an outage worth giving up on.
 */
public record Retries(int attempts, long firstPauseMs, long maxPauseMs) {

    public static Retries standard() {
        return new Retries(10, 100, 2000);
    }

    /**
     * A client that must finish what it started (a driver completing a ride they picked up, a
     * rider cancelling a taxi they no longer wait for): thirty tries, about a minute.
     */
    public static Retries patient() {
        return new Retries(30, 100, 2000);
    }

    /** The pause after failed attempt number {@code attempt} (from 1), given its answer. */
    long pauseMs(int attempt, Api.Answer answer, double random) {
        long ceiling = Math.min(maxPauseMs, firstPauseMs << Math.min(attempt - 1, 20));
        long backoff = ceiling / 2 + (long) (random * (ceiling - ceiling / 2));
        Duration asked = answer == null ? null : answer.retryAfter();
        long askedMs = asked == null ? 0 : Math.min(maxPauseMs, asked.toMillis());
        return Math.max(backoff, askedMs);
    }

    void pause(int attempt, Api.Answer answer) {
        try {
            Thread.sleep(pauseMs(attempt, answer, ThreadLocalRandom.current().nextDouble()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
