package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.driver.Driver;
import dev.firebreak.chaos.driver.SimulatorDriver;
import dev.firebreak.chaos.experiment.Step;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Clients;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.PaymentWorkload;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Retries;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.load.WalletReads;
import dev.firebreak.chaos.load.Workload;
import dev.firebreak.chaos.verify.PaymentVerifier;
import dev.firebreak.chaos.verify.Verification;
import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.TokenMinter;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import dev.firebreak.sim.control.SimStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Payments at a steady rate through the edge or straight at a region, with faults at chosen
 * seconds, a per-second timeline, and every acknowledged payment read back at the end.
 */
@Command(name = "load", description = "Steady payments against the running simulated clusters, optionally with faults; verifies every acknowledged one.")
final class LoadCommand implements Callable<Integer> {

    @ParentCommand
    ChaosCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "edge", description = "edge, or a region (its ingress, as a client without the edge): ${DEFAULT-VALUE}")
    String target;

    @Option(names = "--url", description = "Another front door with the edge's paths (e.g. HAProxy in front of both regions); overrides --target.")
    String url;

    @Option(names = "--rate", defaultValue = "15", description = "Payments started per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of load (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--users", defaultValue = "4", description = "Accounts the payments move money between (default ${DEFAULT-VALUE}).")
    int userCount;

    @Option(names = "--reads", description = "Wallet reads instead of payments (what a front door costs at a given load); nothing to verify.")
    boolean reads;

    @Option(names = "--at", description = "SECOND:kill:CLUSTER, SECOND:restore:CLUSTER, SECOND:partition:A:B or SECOND:heal:A:B (repeatable).")
    List<String> faults = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (rate <= 0 || rate > 2000 || seconds < 1 || seconds > 3600 || userCount < 2 || userCount > 1000) {
            throw new IllegalArgumentException("--rate 0..2000, --duration 1..3600, --users 2..1000");
        }
        Layout layout = Layout.of(root.project());
        ControlClient control = new ControlClient(layout.controlFile());
        SimStatus status = control.status();
        String base = url != null ? url : status.urls().get(target.equals("edge") ? "edge" : "ingress-" + target);
        if (base == null) {
            throw new IllegalArgumentException("No entry point for " + target + " (have: " + status.urls().keySet() + ")");
        }
        Target where = url != null || target.equals("edge") ? Target.edge(base) : Target.region(target, base);
        String edgeUrl = status.urls().get("edge");
        long eventsBefore = edgeUrl == null ? 0 : lastEventSeq(edgeUrl);
        long startMillis = System.currentTimeMillis();
        List<Step> schedule = new ArrayList<>();
        for (String spec : faults) {
            try {
                schedule.add(Step.parseShort(spec));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--at " + spec + ": " + e.getMessage());
            }
        }
        Api api = new Api(Duration.ofSeconds(3));
        String run = "load" + Long.toString(System.currentTimeMillis(), 36);
        out.printf("firebreak: %s users through %s (%s)%n", userCount, url != null ? url : target, base);
        Users users = new Users(api, where).create(run, userCount, Duration.ofSeconds(60));
        Recorder recorder = Recorder.paused().countFailuresAt(api.timeout());
        Recorder measured = recorder;
        AckLog log = new AckLog();
        History history = new History(recorder::startNanos);
        Workload workload = reads ? new WalletReads(api, where, users, recorder)
                : new PaymentWorkload(new Clients(api, where, recorder, log, history, Retries.standard()), users, run);
        workload.setup();
        recorder.begin();
        startMillis = System.currentTimeMillis();
        out.printf("firebreak: %.0f %s/s for %d s%s%n", rate, reads ? "wallet reads" : "payments", seconds,
                schedule.isEmpty() ? "" : ", faults " + schedule.stream().map(f -> f.at().toSeconds() + "s " + f.describe()).toList());
        out.flush();
        String admin = "Bearer " + new TokenMinter(InstallationKeys.read(layout.identity()).privateKey()).admin("load", Duration.ofHours(1));
        Driver driver = new SimulatorDriver(control, api, admin);
        var result = new LoadGenerator(List.of(workload), 1024, recorder).run(rate, Duration.ofSeconds(seconds), System.nanoTime(), second -> {
            schedule.stream().filter(f -> f.at().toSeconds() == second).forEach(f -> CompletableFuture.runAsync(() -> {
                out.printf("  %3ds  >>> %s%n", second, f.describe());
                try {
                    driver.apply(f);
                } catch (RuntimeException e) {
                    out.printf("  %3ds  !!! %s failed: %s%n", second, f.describe(), e.getMessage());
                }
                out.flush();
            }));
            measured.timeline("payment-svc").stream().filter(s -> s.second() == second - 1).findFirst().ifPresent(s -> {
                out.printf("  %3ds  ok %4d  errors %4d  p99 %7.1f ms%n", s.second(), s.ok(), s.errors(), s.p99Ms());
                out.flush();
            });
        });
        Recorder.Summary s = recorder.summary("payment-svc");
        out.printf("%nfirebreak: %d started (%d dropped), %d requests, %d errors (%.1f %%), p50 %.1f ms, p99 %.1f ms, "
                + "longest outage %.2f s%s%n", result.started(), result.dropped(), s.requests(), s.errors(), 100 * s.errorRate(), s.p50Ms(),
                s.p99Ms(), s.rtoSeconds(), s.outageStartSeconds() < 0 ? "" : String.format(" (from %.1f s)", s.outageStartSeconds()));
        if (edgeUrl != null) {
            printDecisions(out, api, edgeUrl, eventsBefore, startMillis);
        }
        if (reads) {
            return s.errors() == 0 ? 0 : 1;
        }
        Verification v = new PaymentVerifier(api, where).verify(users, log, admin, List.of(), history);
        out.printf("firebreak: %d acknowledged (%d after a retry), %d lost, %d duplicated, %d in doubt (%d committed), ledger %s%n",
                v.acknowledged(), log.resolvedByRetry(), v.lost(), v.duplicated(), v.inDoubt(), v.inDoubtCommitted(),
                v.invariantsHold() ? "healthy" : "NOT healthy");
        v.problems().stream().limit(20).forEach(p -> out.println("  ! " + p));
        return v.passed() ? 0 : 1;
    }

    private static long lastEventSeq(String edgeUrl) {
        long last = 0;
        for (var e : new Api(Duration.ofSeconds(3)).send("GET", edgeUrl + "/edge/events", Map.of(), null).json()) {
            last = Math.max(last, e.path("seq").asLong());
        }
        return last;
    }

    /** The edge's decisions during the run, in seconds since the load started: detection, promotion, traffic switch. */
    private static void printDecisions(PrintWriter out, Api api, String edgeUrl, long after, long startMillis) {
        var events = api.send("GET", edgeUrl + "/edge/events?after=" + after, Map.of(), null).json();
        if (events.isEmpty()) {
            return;
        }
        out.println("firebreak: the edge's decisions during the run:");
        for (var e : events) {
            if (List.of("SERVICE_UP", "SERVICE_DOWN").contains(e.path("kind").asText()) && !"payment-svc".equals(e.path("service").asText())) {
                continue;
            }
            double at = (java.time.Instant.parse(e.path("time").asText()).toEpochMilli() - startMillis) / 1000.0;
            String detail = e.path("detail").asText();
            out.printf("  %6.2fs  %-20s %-9s %s%n", at, e.path("kind").asText(), e.path("region").asText(""),
                    detail.length() > 110 ? detail.substring(0, 110) + "…" : detail);
        }
    }
}
