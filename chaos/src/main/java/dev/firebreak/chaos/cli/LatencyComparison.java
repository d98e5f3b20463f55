package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.load.WalletReads;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Wallet reads at a fixed rate (open loop) from one client, taking turns between two ways in so
 * that both see the same moments of a noisy machine: each one's latency percentiles, and what the
 * second adds at each.
 */
final class LatencyComparison {

    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** What one comparison saw: the second way in's latency minus the first's, per {@link #PERCENTILES}. */
    record Result(double[] addedMs, long errors, long dropped) {

        double addedMs(double percentile) {
            for (int i = 0; i < PERCENTILES.length; i++) {
                if (PERCENTILES[i] == percentile) {
                    return addedMs[i];
                }
            }
            throw new IllegalArgumentException("No percentile " + percentile);
        }
    }

    private final Api api;
    private final Users users;

    LatencyComparison(Api api, Users users) {
        this.api = api;
        this.users = users;
    }

    /** The same load, not measured: for the JIT of every process on the way, and their connection pools. */
    void warmUp(Target base, Target target, double rate, Duration warmup) {
        if (!warmup.isZero()) {
            WalletReads reads = new WalletReads(api, List.of(base, target), users, Recorder.paused());
            reads.setup();
            new LoadGenerator(List.of(reads), 64).run(rate, warmup, System.nanoTime(), second -> { });
        }
    }

    /** Measures {@code seconds} of reads taking turns between {@code base} and {@code target}, and prints the table. */
    Result measure(Target base, Target target, double rate, Duration measured, PrintWriter out) {
        Recorder recorder = Recorder.paused();
        WalletReads reads = new WalletReads(api, List.of(base, target), users, recorder);
        reads.setup();
        recorder.begin();
        LoadGenerator.Result run = new LoadGenerator(List.of(reads), 64).run(rate, measured, System.nanoTime(), second -> { });
        out.printf("%-16s %8s %7s %9s %9s %9s %9s%n", "way in", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms");
        for (Target t : List.of(base, target)) {
            Recorder.Summary s = recorder.summary(t.name());
            out.printf("%-16s %8d %7d", t.name(), s.requests(), s.errors());
            for (double p : PERCENTILES) {
                out.printf(" %9.2f", recorder.percentileMs(t.name(), p));
            }
            out.println();
        }
        double[] added = new double[PERCENTILES.length];
        out.printf("%-16s %8s %7s", "added", "", "");
        for (int i = 0; i < PERCENTILES.length; i++) {
            added[i] = recorder.percentileMs(target.name(), PERCENTILES[i]) - recorder.percentileMs(base.name(), PERCENTILES[i]);
            out.printf(" %+9.2f", added[i]);
        }
        out.println();
        if (run.dropped() > 0) {
            out.printf("firebreak: %d of %d reads not started (every client worker busy)%n", run.dropped(), run.started() + run.dropped());
        }
        out.flush();
        long errors = recorder.summary(base.name()).errors() + recorder.summary(target.name()).errors();
        return new Result(added, errors, run.dropped());
    }
}
