package dev.firebreak.chaos.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;

/**
 * Every request's outcome and latency, per service: totals, an HdrHistogram of latencies, a
 * per-second timeline (successes, errors, p99), and the longest client-visible outage: the
 * longest stretch in which nothing succeeded; and every activity's final outcome, what a client
 * sees after its retries.
 *
 * <p>Latencies are corrected for coordinated omission: an open-loop activity's first request is
 * timed from when it was due to start ({@link Writes#perform}), not from when a worker got to it,
 * and a request that failed or got no answer counts at no less than the client's timeout
 * ({@link #countFailuresAt}), so a stalled system cannot look fast by answering few.
 */
public final class Recorder {

    /** One service's requests in one second of the run. */
    public record Second(long second, long ok, long errors, long rejected, double p99Ms) {
    }

    /** One service over the whole run. */
    public record Summary(String service, long requests, long errors, long rejected, double errorRate, double p50Ms, double p99Ms,
            double maxMs, double rtoSeconds, double outageStartSeconds, long activities, long clientFailures, long dropped,
            double clientFailureRate, double p90Ms, double p999Ms) {
    }

    private volatile long startNanos;
    private volatile boolean recording;
    private volatile long failureFloorNanos;
    private final Map<String, Service> services = new ConcurrentHashMap<>();

    /** A recorder that records from {@code startNanos} on. */
    public Recorder(long startNanos) {
        this.startNanos = startNanos;
        this.recording = true;
    }

    /** A recorder that ignores everything (setting up accounts, say) until {@link #begin()}. */
    public static Recorder paused() {
        Recorder r = new Recorder(System.nanoTime());
        r.recording = false;
        return r;
    }

    /** Starts recording now; times are counted from this moment. */
    public void begin() {
        startNanos = System.nanoTime();
        recording = true;
    }

    /** From now on a failed or unanswered request counts in the latencies at no less than {@code timeout}. */
    public Recorder countFailuresAt(java.time.Duration timeout) {
        failureFloorNanos = timeout.toNanos();
        return this;
    }

    /**
     * Records one activity's end, as its client sees it after every retry: {@code failed} when it
     * gave up without an answer that settled it (an error or in doubt; a refusal is an answer).
     */
    public void activity(String service, long dueNanos, boolean failed) {
        if (!recording || dueNanos < startNanos) {
            return;
        }
        services.computeIfAbsent(service, s -> new Service()).activity(failed, false);
    }

    /** An activity that was due but never started (the load generator had no client free): a client-visible failure. */
    public void dropped(String service, long dueNanos) {
        if (!recording || dueNanos < startNanos) {
            return;
        }
        services.computeIfAbsent(service, s -> new Service()).activity(true, true);
    }

    public long startNanos() {
        return startNanos;
    }

    /** Records one request of {@code service} that ran from {@code start} to {@code end} (System.nanoTime()). */
    public void record(String service, long start, long end, Outcome outcome) {
        record(service, start, end, outcome, null);
    }

    /** As {@link #record(String, long, long, Outcome)}, with why it failed when it did ({@link Api.Answer#cause()} of {@code answer}). */
    public void record(String service, long start, long end, Outcome outcome, Api.Answer answer) {
        if (!recording || start < startNanos) {
            return;
        }
        String cause = !outcome.error() ? null : answer == null ? "unknown" : answer.cause();
        long latency = outcome.error() ? Math.max(end - start, failureFloorNanos) : end - start;
        services.computeIfAbsent(service, s -> new Service()).record(latency, end - startNanos, outcome, cause);
    }

    /** How many of {@code service}'s errors had each cause, the commonest first. */
    public Map<String, Long> errorCauses(String service) {
        Service s = services.get(service);
        return s == null ? Map.of() : s.causes();
    }

    public List<String> services() {
        return services.keySet().stream().sorted().toList();
    }

    public synchronized Summary summary(String service) {
        Service s = services.get(service);
        if (s == null) {
            return new Summary(service, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0);
        }
        return s.summary(service);
    }

    /** Latency of {@code service}'s requests at a percentile (0-100), in ms. */
    public double percentileMs(String service, double percentile) {
        Service s = services.get(service);
        return s == null ? 0 : s.percentileMs(percentile);
    }

    public List<Second> timeline(String service) {
        Service s = services.get(service);
        return s == null ? List.of() : s.timeline();
    }

    /** One service's records. */
    private static final class Service {
        private final Histogram latencies = new Histogram(60_000_000L, 3);
        private final TreeMap<Long, Histogram> perSecond = new TreeMap<>();
        private final TreeMap<Long, long[]> counts = new TreeMap<>();
        /** Completion times (ns since start) of successes and of errors, for the outage. */
        private final List<Long> successes = new ArrayList<>();
        private final List<Long> errors = new ArrayList<>();
        private final Map<String, Long> causes = new TreeMap<>();
        private long requests;
        private long errorCount;
        private long rejected;
        private long activities;
        private long clientFailures;
        private long dropped;

        synchronized void activity(boolean failed, boolean wasDropped) {
            activities++;
            clientFailures += failed ? 1 : 0;
            dropped += wasDropped ? 1 : 0;
        }

        /** {@code latency}: how long it took (corrected); {@code end}: when it ended, in ns since the start. */
        synchronized void record(long latency, long end, Outcome outcome, String cause) {
            long micros = Math.min(Math.max(1, latency / 1000), latencies.getHighestTrackableValue());
            latencies.recordValue(micros);
            perSecond.computeIfAbsent(end / 1_000_000_000L, k -> new Histogram(60_000_000L, 2)).recordValue(micros);
            long second = end / 1_000_000_000L;
            requests++;
            long[] c = counts.computeIfAbsent(second, k -> new long[3]);
            if (outcome.error()) {
                errorCount++;
                causes.merge(cause, 1L, Long::sum);
                c[1]++;
                errors.add(end);
            } else {
                if (outcome == Outcome.REJECTED) {
                    rejected++;
                    c[2]++;
                } else {
                    c[0]++;
                }
                successes.add(end);
            }
        }

        synchronized Map<String, Long> causes() {
            Map<String, Long> sorted = new LinkedHashMap<>();
            causes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        synchronized double percentileMs(double percentile) {
            return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1000.0;
        }

        synchronized List<Second> timeline() {
            List<Second> out = new ArrayList<>();
            for (var e : counts.entrySet()) {
                Histogram h = perSecond.get(e.getKey());
                out.add(new Second(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        h == null ? 0 : h.getValueAtPercentile(99) / 1000.0));
            }
            return out;
        }

        synchronized Summary summary(String name) {
            long[] outage = longestOutage();
            return new Summary(name, requests, errorCount, rejected, requests == 0 ? 0 : (double) errorCount / requests,
                    percentileMs(50), percentileMs(99), latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1000.0,
                    outage[0] / 1e9, outage[0] == 0 ? -1 : outage[1] / 1e9, activities, clientFailures, dropped,
                    activities == 0 ? 0 : (double) clientFailures / activities, percentileMs(90), percentileMs(99.9));
        }

        /**
         * {length, start} in ns of the longest stretch in which nothing succeeded: between two
         * successes, or from the last success to the last error when the service never came back.
         * Under steady load that is what a client sees of an outage, whether its requests failed
         * or only hung.
         */
        private long[] longestOutage() {
            List<Long> ok = new ArrayList<>(successes);
            ok.sort(null);
            long best = 0;
            long bestStart = 0;
            for (int i = 1; i < ok.size(); i++) {
                long gap = ok.get(i) - ok.get(i - 1);
                if (gap > best) {
                    best = gap;
                    bestStart = ok.get(i - 1);
                }
            }
            long lastError = errors.stream().mapToLong(Long::longValue).max().orElse(0);
            long lastOk = ok.isEmpty() ? 0 : ok.get(ok.size() - 1);
            if (lastError > lastOk && lastError - lastOk > best) {
                best = lastError - lastOk;
                bestStart = lastOk;
            }
            return new long[] {best, bestStart};
        }
    }
}
