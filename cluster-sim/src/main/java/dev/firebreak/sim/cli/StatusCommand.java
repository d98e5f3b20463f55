package dev.firebreak.sim.cli;

import dev.firebreak.sim.control.ControlClient;

import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.db.RegionDatabase;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Every pod, database, link and entry point of the running simulator; {@code --json} prints the
 * stable contract drills and tests read (docs/cluster-sim.md). Exit code 3 when nothing runs.
 */
@Command(name = "status", description = "Show every pod, database, WAN link and URL of the simulated clusters.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    FirebreakSim root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the status contract as JSON (docs/cluster-sim.md).")
    boolean json;

    @Option(names = "--address", paramLabel = "CLUSTER/SERVICE", description = "Print only the address (host:port) of one Service, for scripts.")
    String address;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ControlClient client = new ControlClient(root.layout().controlFile());
        if (client.daemon().isEmpty()) {
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(SimStatus.down()));
            } else {
                out.println("firebreak: the simulated clusters are not up (./firebreak up starts them)");
            }
            return FirebreakSim.EXIT_NOT_UP;
        }
        SimStatus status = client.status();
        if (address != null) {
            String[] parts = address.split("/", 2);
            var found = status.services().stream().filter(v -> parts.length == 2 && v.cluster().equals(parts[0]) && v.name().equals(parts[1]))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("No Service " + address + " (CLUSTER/SERVICE, e.g. region-a/payment-svc)"));
            out.println(found.address());
            return 0;
        }
        if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status));
        } else {
            print(out, status);
        }
        return 0;
    }

    static void print(PrintWriter out, SimStatus s) {
        out.printf("Simulated clusters: %s%s%n", s.phase(), s.ready() ? ", everything ready" : s.error() != null ? " (" + s.error() + ")" : "");
        for (SimStatus.ClusterStatus c : s.clusters()) {
            out.printf("%n%s (%s)%s%n", c.name(), c.region() ? "region" : "global site", c.powered() ? "" : "  POWER LOST");
            s.controlPlanes().stream().filter(p -> p.cluster().equals(c.name())).forEach(p -> out.printf("  control plane %s (kubectl --context %s)%s%n",
                    p.apiServer(), p.context(), p.running() ? "" : "  DOWN"));
            s.nodes().stream().filter(n -> n.cluster().equals(c.name())).forEach(n -> out.printf("  node %-20s %-16s %s%n", n.name(), n.zone(),
                    n.address()));
            var pods = s.pods().stream().filter(p -> p.cluster().equals(c.name())).toList();
            if (!pods.isEmpty()) {
                out.printf("  %-34s %-15s %-10s %-6s %-6s %s%n", "POD", "ADDRESS", "PHASE", "READY", "LIVE", "RESTARTS");
                pods.forEach(p -> out.printf("  %-34s %-15s %-10s %-6s %-6s %d%n", p.name(), p.address(), p.phase(), yes(p.ready()),
                        yes(p.live()), p.restarts()));
            }
            s.services().stream().filter(v -> v.cluster().equals(c.name())).forEach(v -> out.printf("  service %-16s %-20s -> %s%n",
                    v.name(), v.address(), v.endpoints().isEmpty() ? "(no ready endpoints)" : String.join(", ", v.endpoints())));
        }
        if (!s.databases().isEmpty()) {
            out.printf("%nDatabases%n");
            for (RegionDatabase.State d : s.databases()) {
                out.printf("  %-10s %-18s %-8s %-13s %s%n", d.cluster(), d.address(), d.role(), d.replication(),
                        d.lagBytes() == null ? "" : "lag " + d.lagBytes() + " B");
            }
        }
        if (!s.links().isEmpty()) {
            out.printf("%nWAN links%n");
            s.links().forEach(l -> out.printf("  %-10s <-> %-10s %-10s %d ms each way%n", l.siteA(), l.siteB(), l.fault(), l.latencyMs()));
        }
        out.println();
        printUrls(out, s);
    }

    static void printUrls(PrintWriter out, SimStatus s) {
        s.urls().forEach((name, url) -> out.printf("  %-22s %s%n", name, url));
        if (s.kubeconfig() != null) {
            out.printf("  %-22s export KUBECONFIG=%s   (contexts %s)%n", "kubectl", s.kubeconfig(),
                    String.join(", ", s.controlPlanes().stream().map(SimStatus.ControlPlaneStatus::context).toList()));
        }
        out.flush();
    }

    static void printNotReady(PrintWriter out, SimStatus s) {
        s.pods().stream().filter(p -> !p.ready()).forEach(p -> out.printf("  pod %s/%s: %s, %s, %d restarts%n", p.cluster(), p.name(),
                p.phase(), p.live() ? "live" : "not live", p.restarts()));
        s.databases().stream().filter(d -> !"primary".equals(d.role()) && !"sync".equals(d.replication()))
                .forEach(d -> out.printf("  database %s: %s, %s%n", d.cluster(), d.role(), d.replication()));
        out.flush();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }
}
