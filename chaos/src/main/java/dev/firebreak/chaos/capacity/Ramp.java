package dev.firebreak.chaos.capacity;

import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.ChatWorkload;
import dev.firebreak.chaos.load.Clients;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.PaymentWorkload;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Retries;
import dev.firebreak.chaos.load.RideWorkload;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.load.Workload;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the knee: the catalogue's mix (chat, payments, rides, one each) through one entry point at
 * each open-loop rate in turn, each held for {@code hold}, until a step breaks a bound (the worst
 * service's p99, or its attempt error rate) or the rates run out. Latencies are the drills' own:
 * corrected for coordinated omission, failures at the client's timeout. The generator's in-flight
 * bound is the drills' (thousands), so the generator is never what limits the figure; a dropped
 * activity would count as a failure.
 */
public final class Ramp {

    /** The bounds a sustained rate must hold. */
    public record Bounds(double p99Ms, double errorRate) {
    }

    /** One service at one rate. */
    public record ServiceStep(double p50Ms, double p99Ms, double p999Ms, long requests, double errorRate, long activities,
            double clientFailureRate, Map<String, Long> errorCauses) {
    }

    /** One rate held: what each service did, how many activities started and were dropped, and whether it held the bounds. */
    public record Step(double rate, double seconds, long started, long dropped, Map<String, ServiceStep> services, boolean held) {

        double worstP99() {
            return services.values().stream().mapToDouble(ServiceStep::p99Ms).max().orElse(0);
        }

        double worstErrorRate() {
            return services.values().stream().mapToDouble(ServiceStep::errorRate).max().orElse(0);
        }
    }

    private static final int WORKERS = 3 * 1024;
    private static final List<String> SERVICES = List.of("messaging-svc", "payment-svc", "taxi-svc");

    private final Api api;
    private final Target target;
    private final Users users;
    private final Users drivers;
    private final int rooms;
    private final PrintWriter out;

    private final Map<String, Integer> mix;

    /** {@code mix}: weights of chat, payments and rides (the catalogue's is one each). */
    public Ramp(Api api, Target target, Users users, Users drivers, int rooms, Map<String, Integer> mix, PrintWriter out) {
        this.mix = Map.copyOf(mix);
        this.api = api;
        this.target = target;
        this.users = users;
        this.drivers = drivers;
        this.rooms = rooms;
        this.out = out;
    }

    /**
     * Holds each rate in turn; stops after the first that breaks {@code bounds}. First, unmeasured,
     * {@code warmup} at the lowest rate: freshly started JVMs compile their hot paths in the first
     * minute, which is not what a capacity figure is about.
     */
    public List<Step> run(List<Double> rates, Duration hold, Bounds bounds, Duration warmup) {
        if (!warmup.isZero()) {
            Step warm = hold(rates.get(0), warmup, bounds);
            out.printf("warm-up: %.0f/s for %d s (not counted), p99 worst %.0f ms%n", rates.get(0), warmup.toSeconds(), warm.worstP99());
        }
        List<Step> steps = new ArrayList<>();
        for (double rate : rates) {
            Step step = hold(rate, hold, bounds);
            steps.add(step);
            out.printf("%7.0f/s  %s  p99 worst %6.0f ms, attempt errors worst %.2f %%, dropped %d  %s%n", rate,
                    String.join("  ", step.services().entrySet().stream().map(e -> String.format("%s p50 %4.0f p99 %5.0f",
                            e.getKey().substring(0, e.getKey().indexOf('-')), e.getValue().p50Ms(), e.getValue().p99Ms())).toList()),
                    step.worstP99(), 100 * step.worstErrorRate(), step.dropped(), step.held() ? "holds" : "BREAKS THE BOUNDS");
            out.flush();
            step.services().forEach((name, st) -> {
                if (!st.errorCauses().isEmpty()) {
                    out.printf("           %s errors: %s%n", name, st.errorCauses());
                }
            });
            if (!step.held()) {
                break;
            }
        }
        return steps;
    }

    private Step hold(double rate, Duration hold, Bounds bounds) {
        String run = "cap" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Recorder recorder = Recorder.paused().countFailuresAt(api.timeout());
        Clients clients = new Clients(api, target, recorder, new AckLog(), new History(recorder::startNanos), Retries.standard());
        Map<String, Workload> kinds = new LinkedHashMap<>();
        kinds.put("chat", new ChatWorkload(clients, users, run, rooms));
        kinds.put("payments", new PaymentWorkload(clients, users, run));
        kinds.put("rides", new RideWorkload(clients, users, drivers, run));
        List<Workload> weighted = new ArrayList<>();
        kinds.forEach((name, w) -> {
            for (int i = 0; i < mix.getOrDefault(name, 0); i++) {
                weighted.add(w);
            }
        });
        List<Workload> used = kinds.values().stream().filter(weighted::contains).toList();
        used.forEach(Workload::setup);
        recorder.begin();
        LoadGenerator.Result result = new LoadGenerator(weighted, WORKERS, recorder).run(rate, hold, run.hashCode(), second -> { });
        used.forEach(Workload::finish);
        Map<String, ServiceStep> services = new LinkedHashMap<>();
        boolean held = result.dropped() == 0;
        for (String service : SERVICES) {
            if (!recorder.services().contains(service)) {
                continue;
            }
            Recorder.Summary s = recorder.summary(service);
            services.put(service, new ServiceStep(s.p50Ms(), s.p99Ms(), s.p999Ms(), s.requests(), s.errorRate(), s.activities(),
                    s.clientFailureRate(), recorder.errorCauses(service)));
            held &= s.p99Ms() <= bounds.p99Ms() && s.errorRate() <= bounds.errorRate() && s.requests() > 0;
        }
        return new Step(rate, result.elapsed().toMillis() / 1000.0, result.started(), result.dropped(), services, held);
    }

    /** The highest rate that held, 0 if none did. */
    public static double knee(List<Step> steps) {
        return steps.stream().filter(Step::held).mapToDouble(Step::rate).max().orElse(0);
    }
}
