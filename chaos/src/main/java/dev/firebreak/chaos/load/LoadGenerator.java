package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Open-loop load: starts activities at a fixed rate for a bounded time, spread over the
 * workloads in turn, each on a worker thread of its own, told when it was due (its latency counts
 * from then, not from when a thread got to it). Each workload has its own share of the workers,
 * as each service has its own clients: activities retrying through one service's outage cannot
 * starve the others' (which would then send nothing, and look down). The share is a bound far
 * above what the suite holds (hundreds of activities in flight per service), there only so that a
 * runaway cannot take the machine; an activity that finds it full is not started, and is counted
 * as dropped and, by the recorder, as a client-visible failure. It stops by itself: no new
 * activity after the duration, and in-flight ones get a bounded time to finish.
 */
public final class LoadGenerator {

    /** What a run did: how many activities it started and how many it had to drop. */
    public record Result(long started, long dropped, Duration elapsed) {
    }

    /** A worker mostly waits on a socket or a retry's pause: a small stack lets thousands wait. */
    private static final long WORKER_STACK = 256 * 1024;

    private final List<Workload> workloads;
    private final int workers;
    private final Recorder recorder;

    public LoadGenerator(List<Workload> workloads, int workers) {
        this(workloads, workers, null);
    }

    /** {@code recorder}, when given, hears of every dropped activity. */
    public LoadGenerator(List<Workload> workloads, int workers, Recorder recorder) {
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("No workload to run");
        }
        this.workloads = List.copyOf(workloads);
        this.workers = workers;
        this.recorder = recorder;
    }

    /**
     * Runs {@code perSecond} activities a second for {@code duration}; {@code everySecond} hears
     * each elapsed second (for progress and for scheduled faults).
     */
    public Result run(double perSecond, Duration duration, long seed, LongConsumer everySecond) {
        return run(perSecond, duration, seed, everySecond, () -> false);
    }

    /**
     * As {@link #run(double, Duration, long, LongConsumer)}, ending early once {@code stop} says so
     * (asked every second): nothing more is started, and what is in flight gets a few seconds.
     */
    public Result run(double perSecond, Duration duration, long seed, LongConsumer everySecond, BooleanSupplier stop) {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(null, r, "load", WORKER_STACK);
            t.setDaemon(true);
            return t;
        });
        // A workload is listed once per unit of its weight; each distinct one gets an equal share.
        Set<Workload> kinds = Collections.newSetFromMap(new IdentityHashMap<>());
        kinds.addAll(workloads);
        int share = Math.max(1, workers / kinds.size());
        Map<Workload, Semaphore> free = new IdentityHashMap<>();
        kinds.forEach(w -> free.put(w, new Semaphore(share)));
        AtomicLong started = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = (long) (1e9 / perSecond);
        long next = start;
        long second = 0;
        int turn = 0;
        boolean stopped = false;
        while (next < end) {
            long now = System.nanoTime();
            while ((now - start) / 1_000_000_000L > second) {
                everySecond.accept(++second);
                stopped |= stop.getAsBoolean();
            }
            if (stopped) {
                break;
            }
            if (now < next) {
                sleepNanos(Math.min(next - now, 50_000_000L));
                continue;
            }
            Workload w = workloads.get(turn++ % workloads.size());
            SplittableRandom mine = random.split();
            Semaphore workerShare = free.get(w);
            long due = next;
            if (workerShare.tryAcquire()) {
                started.incrementAndGet();
                pool.execute(() -> {
                    try {
                        w.once(mine, due);
                    } finally {
                        workerShare.release();
                    }
                });
            } else {
                dropped.incrementAndGet();
                if (recorder != null) {
                    recorder.dropped(w.service(), due);
                }
            }
            next += interval;
        }
        pool.shutdown();
        try {
            // A ride's client may take a few minutes in the worst case (Retries.patient() for each step that ends it).
            if (!pool.awaitTermination(stopped ? 10 : 240, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        return new Result(started.get(), dropped.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
