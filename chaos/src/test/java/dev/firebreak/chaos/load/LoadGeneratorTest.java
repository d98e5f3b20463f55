package dev.firebreak.chaos.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    /** Counts its activities; each takes a moment, as a request does. */
    static final class Counting implements Workload {
        final AtomicLong done = new AtomicLong();

        @Override
        public String service() {
            return "test-svc";
        }

        @Override
        public void setup() {
        }

        @Override
        public void once(SplittableRandom random) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.incrementAndGet();
        }
    }

    @Test
    void runsTheRateForTheDurationAndStops() {
        Counting w = new Counting();
        LoadGenerator.Result r = new LoadGenerator(List.of(w), 8).run(50, Duration.ofSeconds(2), 1, second -> { });
        assertThat(r.started()).isBetween(99L, 101L);
        assertThat(r.dropped()).isZero();
        assertThat(w.done.get()).as("every activity started has finished").isEqualTo(r.started());
    }

    @Test
    void endsEarlyWhenToldToAndStartsNothingMore() {
        Counting w = new Counting();
        AtomicLong seconds = new AtomicLong();
        // An hour of load, told to stop after its second second: the clusters it drives are gone.
        LoadGenerator.Result r = new LoadGenerator(List.of(w), 8).run(50, Duration.ofHours(1), 1, seconds::set, () -> seconds.get() >= 2);
        assertThat(seconds.get()).isEqualTo(2);
        assertThat(r.started()).as("about two seconds' worth").isBetween(90L, 160L);
        assertThat(w.done.get()).isEqualTo(r.started());
    }
}
