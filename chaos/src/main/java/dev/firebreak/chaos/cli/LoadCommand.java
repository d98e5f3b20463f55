package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.LoadGenerator;
import dev.firebreak.chaos.load.PaymentWorkload;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.load.Retries;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
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

    @Option(names = "--rate", defaultValue = "15", description = "Payments started per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "20", description = "Seconds of load (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--users", defaultValue = "4", description = "Accounts the payments move money between (default ${DEFAULT-VALUE}).")
    int userCount;

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
        String url = status.urls().get(target.equals("edge") ? "edge" : "ingress-" + target);
        if (url == null) {
            throw new IllegalArgumentException("No entry point for " + target + " (have: " + status.urls().keySet() + ")");
        }
        Target where = target.equals("edge") ? Target.edge(url) : Target.region(target, url);
        List<Fault> schedule = faults.stream().map(Fault::parse).toList();
        Api api = new Api(Duration.ofSeconds(3));
        String run = "load" + Long.toString(System.currentTimeMillis(), 36);
        out.printf("firebreak: %s users through %s (%s)%n", userCount, target, url);
        Users users = new Users(api, where).create(run, userCount, Duration.ofSeconds(60));
        Recorder recorder = new Recorder(System.nanoTime());
        AckLog log = new AckLog();
        PaymentWorkload payments = new PaymentWorkload(api, where, users, recorder, log, run, Retries.standard());
        payments.setup();
        out.printf("firebreak: %.0f payments/s for %d s%s%n", rate, seconds, schedule.isEmpty() ? "" : ", faults " + faults);
        out.flush();
        var result = new LoadGenerator(List.of(payments), 64).run(rate, Duration.ofSeconds(seconds), System.nanoTime(), second -> {
            schedule.stream().filter(f -> f.second() == second).forEach(f -> CompletableFuture.runAsync(() -> {
                f.apply(control);
                out.printf("  %3ds  >>> %s%n", second, f);
                out.flush();
            }));
            recorder.timeline("payment-svc").stream().filter(s -> s.second() == second - 1).findFirst().ifPresent(s -> {
                out.printf("  %3ds  ok %4d  errors %4d  p99 %7.1f ms%n", s.second(), s.ok(), s.errors(), s.p99Ms());
                out.flush();
            });
        });
        Recorder.Summary s = recorder.summary("payment-svc");
        out.printf("%nfirebreak: %d payments started (%d dropped), %d requests, %d errors (%.1f %%), p50 %.1f ms, p99 %.1f ms, "
                + "longest outage %.2f s%s%n", result.started(), result.dropped(), s.requests(), s.errors(), 100 * s.errorRate(), s.p50Ms(),
                s.p99Ms(), s.rtoSeconds(), s.outageStartSeconds() < 0 ? "" : String.format(" (from %.1f s)", s.outageStartSeconds()));
        String admin = "Bearer " + new TokenMinter(InstallationKeys.read(layout.identity()).privateKey()).admin("load", Duration.ofHours(1));
        Verification v = new PaymentVerifier(api, where).verify(users, log, admin);
        out.printf("firebreak: %d acknowledged (%d after a retry), %d lost, %d duplicated, %d in doubt (%d committed), ledger %s%n",
                v.acknowledged(), log.resolvedByRetry(), v.lost(), v.duplicated(), v.inDoubt(), v.inDoubtCommitted(),
                v.invariantsHold() ? "healthy" : "NOT healthy");
        v.problems().stream().limit(20).forEach(p -> out.println("  ! " + p));
        return v.passed() ? 0 : 1;
    }

    /** A fault at a second of the run. */
    record Fault(long second, String action, List<String> args) {

        static Fault parse(String spec) {
            String[] parts = spec.split(":");
            if (parts.length < 3) {
                throw new IllegalArgumentException("--at " + spec + ": expected SECOND:ACTION:ARG");
            }
            try {
                return new Fault(Long.parseLong(parts[0]), parts[1], List.of(parts).subList(2, parts.length));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--at " + spec + ": the second is not a number");
            }
        }

        void apply(ControlClient control) {
            switch (action) {
                case "kill" -> control.post("/clusters/" + args.get(0) + "/kill", "{}");
                case "restore" -> control.post("/clusters/" + args.get(0) + "/restore", "{}");
                case "partition" -> control.post("/links/" + args.get(0) + "/" + args.get(1), Api.json(Map.of("fault", "BLACKHOLE")));
                case "heal" -> control.post("/links/" + args.get(0) + "/" + args.get(1), Api.json(Map.of("fault", "NONE")));
                default -> throw new IllegalArgumentException("Unknown fault " + action + " (kill, restore, partition, heal)");
            }
        }

        @Override
        public String toString() {
            return action + " " + String.join(" ", args);
        }
    }
}
