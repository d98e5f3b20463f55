package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.chaos.overhead.FrontDoors;
import dev.firebreak.chaos.overhead.ProxyProcess;
import dev.firebreak.chaos.overhead.StubService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What a front door process itself adds to a request (issue 5's "added p99 ≤ 1 ms"): the edge,
 * and HAProxy beside it, each alone in front of a stub service that answers at once, on a CPU of
 * its own, with this client and the stub on the others. Wallet reads take turns between the stub
 * directly and the stub through the front door, so both see the same moments of the machine.
 * On the simulated clusters the same comparison ({@code ./firebreak compare}) shows a dozen JVMs
 * and four databases fighting over two cores: a direct p99 that moves by tens of milliseconds
 * from one minute to the next hides any 1 ms (docs/edge.md).
 */
@Command(name = "overhead", description = "What the edge process alone adds to a request: the edge (and HAProxy, when installed) in front "
        + "of a stub service that answers at once, on a CPU of its own; wallet reads take turns between the stub and the front door.")
final class OverheadCommand implements Callable<Integer> {

    @ParentCommand
    ChaosCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--rate", defaultValue = "400", description = "Reads per second, both ways in together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds measured per round (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "90", description = "Seconds of the same load before the first round, not measured: "
            + "a front door in production has long finished compiling its hot paths (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per front door; judged on their median (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--proxies", split = ",", defaultValue = "edge,haproxy", description = "Front doors to measure: edge, haproxy "
            + "(default ${DEFAULT-VALUE}; haproxy is skipped when not installed).")
    List<String> proxies;

    @Option(names = "--cpu", description = "The CPU the front door runs on, alone (default: the last one, when there are two or more; "
            + "-1: no pinning).")
    Integer cpu;

    @Option(names = "--edge-jvm", split = " ", description = "More JVM options for the edge, after its Deployment's "
            + "(e.g. --edge-jvm=-XX:TieredStopAtLevel=1, to see what a flag does).")
    List<String> edgeJvm = List.of();

    @Option(names = "--target-p99-ms", description = "Exit 1 when the edge's median added p99 is above this.")
    Double targetP99Ms;

    @Option(names = "--out", description = "Where the front doors' logs and configuration go (default target/overhead/TIME).")
    Path out;

    @Override
    public Integer call() throws IOException {
        PrintWriter print = spec.commandLine().getOut();
        if (rate <= 0 || rate > 5000 || seconds < 1 || seconds > 3600 || warmup < 0 || warmup > 1800 || rounds < 1 || rounds > 20) {
            throw new IllegalArgumentException("--rate 0..5000, --duration 1..3600, --warmup 0..1800, --rounds 1..20");
        }
        for (String p : proxies) {
            if (!p.equals("edge") && !p.equals("haproxy")) {
                throw new IllegalArgumentException("Unknown front door " + p + " (edge, haproxy)");
            }
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        Integer proxyCpu = cpu == null ? (cpus >= 2 ? cpus - 1 : null) : cpu < 0 ? null : cpu;
        if (proxyCpu != null && proxyCpu >= cpus) {
            throw new IllegalArgumentException("--cpu " + proxyCpu + ": this machine has CPUs 0.." + (cpus - 1));
        }
        Path dir = out != null ? out : root.project().resolve("target/overhead/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String placement = proxyCpu == null ? "no CPU pinning" : pinSelfAwayFrom(proxyCpu, cpus);
        Api api = new Api(Duration.ofSeconds(3));
        LatencyComparison comparison = new LatencyComparison(api, Users.given(tokens()));
        Map<String, List<LatencyComparison.Result>> results = new LinkedHashMap<>();
        boolean clean = true;
        try (StubService stub = StubService.start()) {
            Target direct = Target.region("stub", stub.url());
            print.printf("firebreak: the stub service answers at %s; %s; %.0f wallet reads/s, %d s warm-up, %d rounds of %d s%n", stub.url(),
                    placement, rate, warmup, rounds, seconds);
            for (String name : proxies) {
                if (name.equals("haproxy") && !FrontDoors.haproxyInstalled()) {
                    print.println("firebreak: haproxy is not installed (apt-get install haproxy): skipped");
                    continue;
                }
                try (ProxyProcess proxy = name.equals("edge") ? FrontDoors.edge(root.project(), stub.url(), proxyCpu, dir, edgeJvm)
                        : FrontDoors.haproxy(stub.url(), proxyCpu, dir)) {
                    Target through = new Target(name, proxy.url(), true);
                    print.printf("%n== %s (pid %d, %s): %d s warm-up%n", name, proxy.pid(), proxy.url(), warmup);
                    print.flush();
                    comparison.warmUp(direct, through, rate, Duration.ofSeconds(warmup));
                    for (int round = 1; round <= rounds; round++) {
                        print.printf("== %s, round %d of %d: the stub directly, and through %s%n", name, round, rounds, name);
                        LatencyComparison.Result r = comparison.measure(direct, through, rate, Duration.ofSeconds(seconds), print);
                        clean &= r.errors() == 0 && r.dropped() == 0;
                        results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        print.println();
        results.forEach((name, rs) -> print.printf("%s: added p50 %s ms, added p99 %s ms (median of %d rounds; each round's p99: %s)%n",
                name, signed(median(rs, 50)), signed(median(rs, 99)), rs.size(),
                rs.stream().map(r -> signed(r.addedMs(99))).collect(Collectors.joining(", "))));
        boolean met = true;
        if (targetP99Ms != null && results.containsKey("edge")) {
            met = median(results.get("edge"), 99) <= targetP99Ms;
            print.printf("edge's added p99 target (<= %.2f ms): %s%n", targetP99Ms, met ? "met" : "NOT MET");
        }
        print.printf("machine: %d CPUs, %s %s; logs in %s%n", cpus, System.getProperty("java.vm.name"), System.getProperty("java.version"), dir);
        print.flush();
        return clean && met ? 0 : 1;
    }

    /** Moves this client (and the stub, in this JVM) off the front door's CPU; says where everything runs. */
    private static String pinSelfAwayFrom(int proxyCpu, int cpus) {
        String others = IntStream.range(0, cpus).filter(c -> c != proxyCpu).mapToObj(String::valueOf).collect(Collectors.joining(","));
        try {
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", others, String.valueOf(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("taskset exited with " + p.exitValue());
            }
        } catch (IOException | InterruptedException | IllegalStateException e) {
            throw new IllegalStateException("Could not pin this client to CPUs " + others + " (taskset, package util-linux): " + e.getMessage()
                    + "; --cpu -1 runs without pinning");
        }
        return "each front door on CPU " + proxyCpu + " alone, this client and the stub on CPU " + others;
    }

    /** Bearer tokens of a real token's size: the front doors pass them on unread, and the stub does not check them. */
    private static Map<String, String> tokens() {
        Random random = new Random(42);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            byte[] bytes = new byte[480];
            random.nextBytes(bytes);
            tokens.put("overhead-" + i, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return tokens;
    }

    private static double median(List<LatencyComparison.Result> results, double percentile) {
        double[] v = results.stream().mapToDouble(r -> r.addedMs(percentile)).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String signed(double ms) {
        return String.format("%+.2f", ms);
    }
}
