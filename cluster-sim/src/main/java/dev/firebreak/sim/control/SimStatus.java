package dev.firebreak.sim.control;

import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.net.Wan;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./firebreak status --json} prints: a stable contract that drills and tests read
 * (docs/cluster-sim.md). Fields are only ever added.
 *
 * @param phase {@code starting}, {@code running} or {@code failed}
 * @param ready every pod ready and every standby streaming synchronously
 * @param pods every pod of every cluster
 * @param databases each region's database
 * @param clusters each cluster and whether it has power
 * @param services each Service port of each cluster: its address and the ready endpoints behind it
 * @param links each WAN link between two sites, with its fault and one-way latency
 * @param urls the entry points a person would open, by name
 * @param controlPlanes each site's API server, its kubectl context, and whether it serves
 * @param nodes each cluster's nodes
 * @param kubeconfig the kubeconfig with a context per site
 */
public record SimStatus(String phase, boolean ready, Instant startedAt, String error, List<PodStatus> pods,
        List<RegionDatabase.State> databases, List<ClusterStatus> clusters, List<ServiceStatus> services, List<Wan.LinkState> links,
        Map<String, String> urls, List<ControlPlaneStatus> controlPlanes, List<NodeStatus> nodes, String kubeconfig) {

    /** The contract's answer when no simulator runs. */
    public static SimStatus down() {
        return new SimStatus("down", false, null, null, List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
                List.of(), null);
    }

    /** One site's control plane: its API server's URL, the kubectl context that reaches it, whether it runs. */
    public record ControlPlaneStatus(String cluster, String apiServer, String context, boolean running) {
    }

    /** One node of a cluster: its zone and address. */
    public record NodeStatus(String cluster, String name, String zone, String address) {
    }

    /** One pod. {@code live}: its liveness probe passes; {@code phase}: RUNNING, BACK_OFF, TERMINATED or LOST. */
    public record PodStatus(String cluster, String service, String name, String address, String phase, boolean ready, boolean live,
            int restarts, Long pid) {
    }

    public record ClusterStatus(String name, boolean region, boolean powered) {
    }

    /** One Service port: {@code address} is {@code host:port}; {@code endpoints} are the ready pods' {@code ip:port}. */
    public record ServiceStatus(String cluster, String name, String address, List<String> endpoints) {
    }
}
