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
        final List<Long> dues = new java.util.concurrent.CopyOnWriteArrayList<>();
        final long sleepMs;

        Counting() {
            this(5);
        }

        Counting(long sleepMs) {
            this.sleepMs = sleepMs;
        }

        @Override
        public String service() {
            return "test-svc";
        }

        @Override
        public void setup() {
        }

        @Override
        public void once(SplittableRandom random, long dueNanos) {
            dues.add(dueNanos);
            try {
                Thread.sleep(sleepMs);
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

    @Test
    void anActivityThatFindsItsShareFullIsDroppedAndCountsAsAClientVisibleFailure() {
        Counting slow = new Counting(1500);
        Recorder recorder = new Recorder(System.nanoTime());
        // 4 clients, each busy 1.5 s, asked for 20 activities a second: most are never started.
        LoadGenerator.Result r = new LoadGenerator(List.of(slow), 4, recorder).run(20, Duration.ofSeconds(1), 1, second -> { });

        assertThat(r.started()).isEqualTo(4);
        assertThat(r.dropped()).isEqualTo(16);
        Recorder.Summary s = recorder.summary("test-svc");
        assertThat(s.dropped()).isEqualTo(16);
        assertThat(s.clientFailures()).as("a dropped activity is a user who got nothing").isEqualTo(16);
    }

    @Test
    void eachActivityIsToldWhenItWasDueNotWhenItStarted() {
        Counting w = new Counting(0);
        new LoadGenerator(List.of(w), 8).run(10, Duration.ofSeconds(1), 1, second -> { });

        List<Long> sorted = w.dues.stream().sorted().toList();
        assertThat(sorted).hasSize(10);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - 1)).as("the schedule's interval, exactly").isEqualTo(100_000_000L);
        }
    }
}
