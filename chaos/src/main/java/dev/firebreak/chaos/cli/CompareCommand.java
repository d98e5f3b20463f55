package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.topology.HostsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What one front door adds over another, measured so that the machine's noise falls on both: one
 * client process, warmed up first, sends wallet reads at a fixed rate (open loop) that take turns
 * between the two, and compares their latency percentiles.
 */
@Command(name = "compare", description = "Wallet reads taking turns between two front doors (default: region-a's ingress and the edge) "
        + "at a fixed rate, from one warmed-up client: what the second adds at each percentile.")
final class CompareCommand implements Callable<Integer> {

    @ParentCommand
    ChaosCli root;

    @Spec
    CommandSpec spec;

    @Option(names = "--base", defaultValue = "region-a", description = "The way in compared against: a region (its ingress), gateway-<region>, "
            + "edge or edge-pod (default ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--target", defaultValue = "edge", description = "The way in measured, named as --base (default ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--rate", defaultValue = "200", description = "Reads per second, both together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds measured (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup", defaultValue = "20", description = "Seconds of the same load first, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (rate <= 0 || rate > 2000 || seconds < 1 || seconds > 3600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("--rate 0..2000, --duration 1..3600, --warmup 0..600");
        }
        if (base.equals(target)) {
            throw new IllegalArgumentException("--base and --target are both " + base);
        }
        SimStatus status = new ControlClient(Layout.of(root.project()).controlFile()).status();
        Target a = frontDoor(status, base);
        Target b = frontDoor(status, target);
        Api api = new Api(Duration.ofSeconds(3));
        // Accounts are made through the edge: a gateway leads to payment-svc only.
        Users users = new Users(api, frontDoor(status, "edge")).create("compare" + Long.toString(System.currentTimeMillis(), 36), 4, Duration.ofSeconds(60));
        out.printf("firebreak: %.0f wallet reads/s taking turns between %s (%s) and %s (%s): %d s warm-up, %d s measured%n", rate,
                a.name(), a.baseUrl(), b.name(), b.baseUrl(), warmup, seconds);
        out.flush();
        LatencyComparison comparison = new LatencyComparison(api, users);
        comparison.warmUp(a, b, rate, Duration.ofSeconds(warmup));
        LatencyComparison.Result result = comparison.measure(a, b, rate, Duration.ofSeconds(seconds), out);
        return result.errors() == 0 && result.dropped() == 0 ? 0 : 1;
    }

    /**
     * A way in by name: {@code edge} (the global site's ingress, as clients use it), {@code edge-pod}
     * (the edge process itself), a region (its ingress), or {@code gateway-<region>} (that region's
     * payment-svc as the edge itself reaches it: through the WAN gateway at the global site). The
     * last two compared show what the edge process alone adds; the first two add the simulator's
     * own hops (an ingress and a Service are Java proxies here, kernel or hardware on real clusters).
     */
    private Target frontDoor(SimStatus status, String name) {
        if (name.equals("edge-pod")) {
            return status.pods().stream().filter(p -> "edge".equals(p.service()) && p.ready()).findFirst()
                    .map(p -> Target.edge("http://" + p.address() + ":8080"))
                    .map(t -> new Target("edge-pod", t.baseUrl(), true))
                    .orElseThrow(() -> new IllegalArgumentException("No ready edge pod"));
        }
        if (name.startsWith("gateway-")) {
            String region = name.substring("gateway-".length());
            String host = HostsFile.crossClusterName("payment-svc", region);
            try {
                String address = HostsFile.read(Layout.of(root.project()).hostsFile("global")).resolve(host);
                if (address == null) {
                    throw new IllegalArgumentException("The global site has no gateway to " + host);
                }
                return Target.region(name, "http://" + address);
            } catch (IOException e) {
                throw new UncheckedIOException("The global site's hosts file: " + e.getMessage(), e);
            }
        }
        String url = status.urls().get(name.equals("edge") ? "edge" : "ingress-" + name);
        if (url == null) {
            throw new IllegalArgumentException("No front door " + name + " (edge, edge-pod, a region or gateway-<region>; urls: "
                    + status.urls().keySet() + ")");
        }
        return name.equals("edge") ? Target.edge(url) : Target.region(name, url);
    }
}
