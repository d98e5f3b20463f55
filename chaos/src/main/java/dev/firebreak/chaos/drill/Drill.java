package dev.firebreak.chaos.drill;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.driver.Driver;
import dev.firebreak.chaos.experiment.Experiment;
import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;
import dev.firebreak.chaos.history.Checker;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.history.Verdict;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Auditor;
import dev.firebreak.chaos.load.Clients;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.ChatWorkload;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.PaymentWorkload;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Retries;
import dev.firebreak.chaos.load.RideWorkload;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.load.Workload;
import dev.firebreak.chaos.verify.ChatVerifier;
import dev.firebreak.chaos.verify.PaymentVerifier;
import dev.firebreak.chaos.verify.RideVerifier;
import dev.firebreak.chaos.verify.Verification;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one experiment: steady state before, accounts and traffic, the method's faults at their
 * times under that traffic, rollbacks, steady state after, every acknowledged write read back,
 * the edge's decisions collected, and the run graded ({@link Grader}).
 *
 * <p>Over 300 lines on purpose: the drill's steps in the order they happen, one story; grading
 * ({@link Grader}), the load ({@code load/}), the read-back ({@code verify/}) and the history
 * ({@code history/}) are rooms of their own.
 */
public final class Drill {

    /**
     * Clients at most at once, shared evenly by the activities (LoadGenerator): an activity that
     * retries through an outage holds one for as long as its patience (Retries.standard(), about
     * 20 s), so at 100 activities a second an outage needs a few hundred per activity. The bound
     * is far above that, there only to keep a runaway from taking the machine; an activity it
     * turns away counts as a client-visible failure.
     */
    private static final int LOAD_WORKERS = 3 * 1024;

    /** How often the ledger is audited during the load. */
    private static final Duration AUDIT_EVERY = Duration.ofSeconds(2);

    private final Experiment experiment;
    private final Driver driver;
    private final Api api;
    private final String adminBearer;
    private final PrintWriter out;
    private final List<Report.Event> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile long loadStart;
    private History history;

    public Drill(Experiment experiment, Driver driver, Api api, String adminBearer, PrintWriter out) {
        this.experiment = experiment;
        this.driver = driver;
        this.api = api;
        this.adminBearer = adminBearer;
        this.out = out;
    }

    public Report run() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        loadStart = t0;
        List<Report.Check> checks = new ArrayList<>();
        say("%s: %s", experiment.name(), experiment.title());
        for (Probe p : experiment.steadyState()) {
            if (p.checkedAt("before") && checks.stream().allMatch(Report.Check::held)) {
                checks.add(await("before", p, p.within().compareTo(Duration.ofSeconds(90)) < 0 ? p.within() : Duration.ofSeconds(90)));
            }
        }
        if (checks.stream().anyMatch(c -> !c.held())) {
            problems.add("the steady state did not hold before the method: nothing was run");
            return new Report(experiment.name(), experiment.title(), false, started, seconds(t0), List.copyOf(events), checks, Map.of(),
                    List.copyOf(problems), null, null);
        }

        String run = experiment.name().replaceAll("[^a-z0-9]", "") + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String base = driver.entryPoint(experiment.load().target());
        Target target = experiment.load().target().equals("edge") ? Target.edge(base) : Target.region(experiment.load().target(), base);
        String edge = edgeUrl();
        say("accounts: %d users, %d drivers through %s", experiment.load().users(), experiment.load().drivers(), base);
        Users users = new Users(api, target).create(run + "-u", experiment.load().users(), Duration.ofSeconds(90));
        Users drivers = new Users(api, target).create(run + "-d", experiment.load().drivers(), Duration.ofSeconds(90));
        AckLog log = new AckLog();
        Recorder recorder = Recorder.paused().countFailuresAt(api.timeout());
        history = new History(recorder::startNanos);
        Clients clients = new Clients(api, target, recorder, log, history, Retries.standard());
        Map<String, Workload> measured = workloads(clients, users, drivers, run);
        measured.values().forEach(Workload::setup);
        List<Workload> weighted = new ArrayList<>();
        experiment.load().mix().forEach((name, weight) -> {
            for (int i = 0; i < weight; i++) {
                weighted.add(measured.get(name));
            }
        });
        long edgeSeq = edge == null ? 0 : lastEdgeEvent(edge);

        if (!experiment.load().warmup().isZero()) {
            say("warm-up: %.0f activities/s for %d s, not measured and not faulted (their writes are verified like any other)",
                    experiment.load().rate(), experiment.load().warmup().toSeconds());
            new LoadGenerator(weighted, LOAD_WORKERS).run(experiment.load().rate(), experiment.load().warmup(), run.hashCode() ^ 1,
                    second -> { });
        }
        say("load: %.0f activities/s for %d s (%s); method: %s", experiment.load().rate(), experiment.load().duration().toSeconds(),
                experiment.load().mix(), experiment.method().stream().map(s -> s.at().toSeconds() + "s " + s.describe()).toList());
        recorder.begin();
        loadStart = recorder.startNanos();
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drill-method");
            t.setDaemon(true);
            return t;
        });
        for (Step step : experiment.method()) {
            faults.schedule(() -> perform(step, "method"), step.at().toMillis(), TimeUnit.MILLISECONDS);
        }
        AtomicReference<String> gone = new AtomicReference<>();
        Auditor auditor = measured.containsKey("payments") || measured.containsKey("rides")
                ? new Auditor(clients, adminBearer, AUDIT_EVERY) : null;
        LoadGenerator.Result result = new LoadGenerator(weighted, LOAD_WORKERS, recorder).run(experiment.load().rate(), experiment.load().duration(),
                run.hashCode(), second -> {
                    progress(recorder, second);
                    driver.gone().ifPresent(why -> gone.compareAndSet(null, String.format("%.0f s into the load, %s", sinceLoad(), why)));
                }, () -> gone.get() != null);
        if (auditor != null) {
            auditor.close();
        }
        if (gone.get() != null) {
            // Nothing can be faulted, restored or read back: waiting for the verifier to give up would take minutes.
            faults.shutdownNow();
            problems.add("the drill stopped: " + gone.get() + "; nothing was verified");
            say("!!! the drill stopped: %s; nothing was verified", gone.get());
            return report(false, started, t0, checks, Map.of(), null);
        }
        faults.shutdown();
        try {
            faults.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        say("load done: %d activities started, %d dropped (no client free: each a client-visible failure)", result.started(),
                result.dropped());
        measured.values().forEach(Workload::finish);
        experiment.rollbacks().forEach(step -> perform(step, "rollback"));
        for (Probe p : experiment.steadyState()) {
            if (p.checkedAt("after")) {
                checks.add(await("after", p, p.within()));
            }
        }

        Map<String, Verification> verified = verify(measured, users, drivers, log);
        if (edge != null) {
            collectEdgeEvents(edge, edgeSeq);
        }
        Map<String, Report.ServiceReport> services = new Grader(experiment).services(recorder, verified, problems);
        Report.Consistency consistency = consistency(Checker.check(history.ops()));
        return report(Grader.passed(checks, services, problems, consistency), started, t0, checks, services, consistency);
    }

    /** Every client operation of the run, with the read-back's (empty before the load starts). */
    public History history() {
        return history == null ? new History(() -> loadStart) : history;
    }

    private Report.Consistency consistency(Verdict verdict) {
        say("history: %d operations checked, %d consistency violations%s; %d writes in doubt, %d of them committed", verdict.operations(),
                verdict.count(), verdict.passed() ? "" : " " + verdict.perRule().entrySet().stream().filter(e -> e.getValue() > 0).toList(),
                verdict.inDoubt(), verdict.inDoubtCommitted());
        return Grader.consistency(verdict);
    }

    /** The report of this run so far: its events in time order, its problems. */
    private Report report(boolean passed, Instant started, long t0, List<Report.Check> checks, Map<String, Report.ServiceReport> services,
            Report.Consistency consistency) {
        List<Report.Event> timeline = new ArrayList<>(events);
        timeline.sort(java.util.Comparator.comparingDouble(Report.Event::time));
        Instant loadStarted = Instant.now().minusNanos(System.nanoTime() - loadStart);
        return new Report(experiment.name(), experiment.title(), passed, started, seconds(t0), timeline, checks, services,
                List.copyOf(problems), loadStarted, consistency);
    }

    private Map<String, Workload> workloads(Clients clients, Users users, Users drivers, String run) {
        Map<String, Workload> w = new LinkedHashMap<>();
        for (String name : experiment.load().mix().keySet()) {
            if (experiment.load().mix().get(name) == 0) {
                continue;
            }
            w.put(name, switch (name) {
                case "chat" -> new ChatWorkload(clients, users, run, experiment.load().rooms());
                case "payments" -> new PaymentWorkload(clients, users, run);
                default -> new RideWorkload(clients, users, drivers, run);
            });
        }
        return w;
    }

    private void perform(Step step, String phase) {
        double at = sinceLoad();
        try {
            driver.apply(step);
            events.add(new Report.Event(at, step.action().id(), step.describe()));
            say("%6.1fs  >>> %s%s", at, step.describe(), phase.equals("rollback") ? " (rollback)" : "");
        } catch (RuntimeException e) {
            events.add(new Report.Event(at, "step-failed", step.describe() + ": " + e.getMessage()));
            problems.add(phase + " step '" + step.describe() + "' failed: " + e.getMessage());
            say("%6.1fs  !!! %s failed: %s", at, step.describe(), e.getMessage());
        }
    }

    /** Waits until {@code probe} holds, for at most {@code within}. */
    private Report.Check await(String when, Probe probe, Duration within) {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        Driver.ProbeResult r;
        while (true) {
            try {
                r = driver.check(probe);
            } catch (RuntimeException e) {
                r = new Driver.ProbeResult(false, e.getMessage());
            }
            if (r.holds() || System.nanoTime() > deadline) {
                break;
            }
            pause(Duration.ofSeconds(1));
        }
        double took = (System.nanoTime() - start) / 1e9;
        say("steady state %s: %s %s (%s)", when, probe.describe(), r.holds() ? "holds" : "DOES NOT HOLD", r.detail());
        if (when.equals("after")) {
            events.add(new Report.Event(sinceLoad(), "steady-state", probe.describe() + (r.holds() ? " holds again" : " does not hold")));
        }
        return new Report.Check(when, probe.describe(), r.holds(), took, r.detail());
    }

    private Map<String, Verification> verify(Map<String, Workload> workloads, Users users, Users drivers, AckLog log) {
        Map<String, Verification> verified = new LinkedHashMap<>();
        String base = driver.entryPoint(experiment.load().target());
        Target target = experiment.load().target().equals("edge") ? Target.edge(base) : Target.region(experiment.load().target(), base);
        List<RideVerifier.Charge> fares = List.of();
        if (workloads.containsKey("rides")) {
            // Charges deferred while payment-svc was away settle from the outbox: give them the settle time.
            long deadline = System.nanoTime() + experiment.settle().toNanos();
            // Each pass reads every ride again: only the last one's reads are the final state.
            History pass = new History(() -> loadStart);
            RideVerifier.Result rides = new RideVerifier(api, target).verify(users, drivers, log, true, pass);
            while (!rides.verification().passed() && System.nanoTime() < deadline) {
                pause(Duration.ofSeconds(2));
                pass = new History(() -> loadStart);
                rides = new RideVerifier(api, target).verify(users, drivers, log, true, pass);
            }
            history.addAll(pass);
            verified.put("taxi-svc", rides.verification());
            fares = rides.charges();
        }
        if (workloads.containsKey("payments") || workloads.containsKey("rides")) {
            verified.put("payment-svc", new PaymentVerifier(api, target).verify(users, log, adminBearer, fares, history));
        }
        if (workloads.get("chat") instanceof ChatWorkload chat) {
            verified.put("messaging-svc", new ChatVerifier(api, target).verify(users, chat.rooms(), log, history));
        }
        verified.values().forEach(v -> say("verified %s: %d acknowledged, %d lost, %d duplicated, %d in doubt (%d committed)%s",
                v.service(), v.acknowledged(), v.lost(), v.duplicated(), v.inDoubt(), v.inDoubtCommitted(),
                v.problems().isEmpty() ? "" : ", " + v.problems().size() + " problems"));
        return verified;
    }

    /** Every 5 seconds: what each service did in them (successes, errors, the worst second's p99). */
    private void progress(Recorder recorder, long second) {
        if (second % 5 != 0 || second == 0) {
            return;
        }
        StringBuilder line = new StringBuilder(String.format("%6ds", second));
        for (String service : List.of("messaging-svc", "payment-svc", "taxi-svc")) {
            List<Recorder.Second> last = recorder.timeline(service).stream().filter(s -> s.second() >= second - 5 && s.second() < second)
                    .toList();
            if (!last.isEmpty()) {
                line.append(String.format("  | %s %4d ok %3d err p99 %5.0f ms", service.substring(0, service.indexOf('-')),
                        last.stream().mapToLong(Recorder.Second::ok).sum(), last.stream().mapToLong(Recorder.Second::errors).sum(),
                        last.stream().mapToDouble(Recorder.Second::p99Ms).max().orElse(0)));
            }
        }
        say("%s", line);
    }

    private String edgeUrl() {
        try {
            return driver.entryPoint("edge");
        } catch (RuntimeException noEdge) {
            return null;
        }
    }

    private long lastEdgeEvent(String edge) {
        long last = 0;
        for (JsonNode e : api.send("GET", edge + "/edge/events", Map.of(), null).json()) {
            last = Math.max(last, e.path("seq").asLong());
        }
        return last;
    }

    /** The edge's decisions since the drill began: detection, promotion, degradation, traffic switches. */
    private void collectEdgeEvents(String edge, long after) {
        long loadStartMillis = System.currentTimeMillis() - (System.nanoTime() - loadStart) / 1_000_000;
        for (JsonNode e : api.send("GET", edge + "/edge/events?after=" + after, Map.of(), null).json()) {
            String kind = e.path("kind").asText();
            if (kind.equals("SERVICE_UP") || kind.equals("SERVICE_DOWN")) {
                continue; // many, and the per-service timeline shows them better
            }
            double at = (Instant.parse(e.path("time").asText()).toEpochMilli() - loadStartMillis) / 1000.0;
            String where = e.path("region").asText("") + (e.path("service").isNull() ? "" : "/" + e.path("service").asText(""));
            events.add(new Report.Event(at, kind, (where.isBlank() ? "" : where + ": ") + e.path("detail").asText()));
        }
    }

    private double sinceLoad() {
        return (System.nanoTime() - loadStart) / 1e9;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
