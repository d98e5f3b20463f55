package dev.firebreak.chaos.load;

/** How a careful client retries a write with the same key: up to {@code attempts} times, waiting longer each time up to {@code maxPauseMs}. */
public record Retries(int attempts, long firstPauseMs, long maxPauseMs) {

    public static Retries standard() {
        return new Retries(20, 100, 1000);
    }

    void pause(int attempt) {
        try {
            Thread.sleep(Math.min(maxPauseMs, firstPauseMs * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
