package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.capacity.CapacityReport;
import dev.firebreak.chaos.capacity.Ramp;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import dev.firebreak.sim.control.SimStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./firebreak capacity}: the open-loop rate of the catalogue's mix ramped through the edge
 * until p99 or errors break their bounds; prints the knee and writes a report with a chart
 * (docs/results.md, "Capacity").
 */
@Command(name = "capacity", description = "Ramps the catalogue's mix through the edge of the running simulated clusters and prints the knee: "
        + "the highest rate held with p99 and attempt errors within bounds.")
final class CapacityCommand implements Callable<Integer> {

    @ParentCommand
    ChaosCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--rates", split = ",", defaultValue = "25,50,75,100,125,150,200,250,300",
            description = "Activities a second to hold in turn (default ${DEFAULT-VALUE}); the ramp stops at the first that breaks a bound.")
    List<Double> rates;

    @Option(names = "--hold", defaultValue = "60", description = "Seconds each rate is held (default ${DEFAULT-VALUE}).")
    int holdSeconds;

    @Option(names = "--warmup", defaultValue = "30", description = "Seconds at the lowest rate first, not counted (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--p99-ms", defaultValue = "1000", description = "Bound on every service's p99 (default ${DEFAULT-VALUE} ms).")
    double p99Ms;

    @Option(names = "--error-rate", defaultValue = "0.001", description = "Bound on every service's attempt error rate (default ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--mix", split = ",", defaultValue = "chat=1,payments=1,rides=1",
            description = "Weights of chat, payments and rides (default ${DEFAULT-VALUE}, the catalogue's).")
    java.util.Map<String, Integer> mix;

    @Option(names = "--users", defaultValue = "60", description = "Accounts (default ${DEFAULT-VALUE}).")
    int userCount;

    @Option(names = "--drivers", defaultValue = "60", description = "Drivers (default ${DEFAULT-VALUE}).")
    int driverCount;

    @Option(names = "--rooms", defaultValue = "40", description = "Chat rooms (default ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--out", description = "Where the report goes (default target/capacity/TIME).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter say = spec.commandLine().getOut();
        if (rates.isEmpty() || rates.stream().anyMatch(r -> r <= 0 || r > 2000) || holdSeconds < 5 || holdSeconds > 600 || warmupSeconds < 0
                || warmupSeconds > 600 || p99Ms <= 0
                || errorRate < 0 || errorRate > 1 || userCount < 2 || userCount > 500 || driverCount < 1 || driverCount > 200 || rooms < 1
                || rooms > 100) {
            throw new IllegalArgumentException("--rates each 0..2000, --hold 5..600, --p99-ms > 0, --error-rate 0..1, --users 2..500, "
                    + "--drivers 1..200, --rooms 1..100");
        }
        if (!java.util.Set.of("chat", "payments", "rides").containsAll(mix.keySet()) || mix.values().stream().anyMatch(w -> w < 0 || w > 100)
                || mix.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new IllegalArgumentException("--mix: weights 0..100 of chat, payments, rides, not all 0");
        }
        try (SimulatedClusters clusters = SimulatedClusters.upUnlessRunning(root.project(), say, spec.commandLine().getErr(), "the ramp")) {
            return ramp(new ControlClient(Layout.of(root.project()).controlFile()).status(), say);
        }
    }

    private int ramp(SimStatus status, PrintWriter say) {
        String edge = status.urls().get("edge");
        if (edge == null) {
            throw new IllegalStateException("the simulated clusters have no edge (k8s/clusters/global)");
        }
        List<Double> ramp = new ArrayList<>(rates);
        ramp.sort(null);
        Api api = new Api(Duration.ofSeconds(3));
        Target target = Target.edge(edge);
        String run = "cap" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        say.printf("firebreak: capacity through the edge: mix %s, %d users, %d drivers, %d rooms; rates %s, each held %d s; bounds p99 "
                + "<= %.0f ms, attempt errors <= %.2f %%%n", mix, userCount, driverCount, rooms, ramp, holdSeconds, p99Ms, 100 * errorRate);
        Users users = new Users(api, target).create(run + "-u", userCount, Duration.ofSeconds(90));
        Users drivers = new Users(api, target).create(run + "-d", driverCount, Duration.ofSeconds(90));
        Ramp.Bounds bounds = new Ramp.Bounds(p99Ms, errorRate);
        List<Ramp.Step> steps = new Ramp(api, target, users, drivers, rooms, mix, say).run(ramp, Duration.ofSeconds(holdSeconds), bounds,
                Duration.ofSeconds(warmupSeconds));
        double knee = Ramp.knee(steps);
        CapacityReport report = new CapacityReport(machine(), commit(root.project()), bounds, holdSeconds, knee, steps);
        Path where = out != null ? out : root.project().resolve("target/capacity")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        report.write(where);
        say.printf("%nknee: %.0f activities/s (%s)%nreport: %s (and capacity.json, capacity.md)%n", knee,
                knee == 0 ? "no rate held its bounds" : "the highest rate held for " + holdSeconds + " s within the bounds",
                where.resolve("capacity.html"));
        return knee > 0 ? 0 : 1;
    }

    /** The machine, as results.md records it: cores, memory, OS and JVM. */
    static String machine() {
        long memory = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format("%d cores, %d GiB, %s %s, Java %s", Runtime.getRuntime().availableProcessors(), memory >> 30,
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /** The checkout's commit (with {@code +dirty} when it has changes), or "unknown" without git. */
    static String commit(Path project) {
        try {
            Process p = new ProcessBuilder("git", "-C", project.toString(), "describe", "--always", "--dirty=+dirty").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
