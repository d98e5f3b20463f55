package dev.firebreak.chaos.driver;

import dev.firebreak.chaos.experiment.Action;
import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Drives real clusters (docs/experiments.md lists every command it runs):
 * <ul>
 *   <li>a whole cluster: its kind node containers are killed and started again
 *       ({@code kind get nodes}, {@code docker kill}, {@code docker start}): a power loss;</li>
 *   <li>a pod: one of the service's pods is deleted with no grace period;</li>
 *   <li>a database: the CloudNativePG primary instance's pod is deleted with no grace period;</li>
 *   <li>WAN links: Chaos Mesh {@code NetworkChaos} (partition or delay) from one cluster's pods to
 *       the other's, applied and deleted with kubectl;</li>
 *   <li>a service's fault: its Deployment scaled to zero, and back to what it was.</li>
 * </ul>
 * Each cluster's kubectl context is {@code kind-<cluster>} unless told otherwise.
 * <p>
 * On the simulated clusters ({@link #simulated}: contexts {@code firebreak-<cluster>}, the kubeconfig
 * {@code ./firebreak up} wrote), what is Kubernetes goes through kubectl exactly as on kind (pods,
 * Deployments, readiness), and what is not (a site's power, its WAN links, its database) is left to
 * the simulator, which plays the data center: there is no docker to kill and no Chaos Mesh.
 *
 * <p>Over 300 lines on purpose: every command it runs on a real cluster is listed here, in one
 * file, so an operator can read exactly what a drill will do to their clusters.
 */
public final class KubectlDriver implements Driver {

    static final String NAMESPACE = "firebreak";
    /** The witness's CloudNativePG steps, run from the checkout's root (k8s/components/cloudnative-pg). */
    static final String WITNESS_ACTIONS = "k8s/components/cloudnative-pg/witness-actions.sh";

    private final Commands commands;
    private final Function<String, String> context;
    private final Map<String, String> ingress;
    private final Map<String, String> replicasBefore = new ConcurrentHashMap<>();
    private final EdgeAdmin edgeAdmin;
    /** The kubeconfig to use, or null for kubectl's own. */
    private final String kubeconfig;
    /** Who powers sites off, cuts links and crashes databases where there is no kind (the simulator), or null. */
    private final Driver datacenter;

    /**
     * @param context the kubectl context of a cluster
     * @param ingress the URL of each entry point ({@code edge}, {@code region-a}, …)
     * @param adminBearer an admin's {@code Authorization} header, for the edge's switchover
     */
    public KubectlDriver(Commands commands, Function<String, String> context, Map<String, String> ingress, String adminBearer) {
        this(commands, context, ingress, adminBearer, null, null);
    }

    private KubectlDriver(Commands commands, Function<String, String> context, Map<String, String> ingress, String adminBearer,
            String kubeconfig, Driver datacenter) {
        this.commands = commands;
        this.context = context;
        this.ingress = Map.copyOf(ingress);
        this.edgeAdmin = new EdgeAdmin(adminBearer);
        this.kubeconfig = kubeconfig;
        this.datacenter = datacenter;
    }

    public static KubectlDriver kind(Commands commands, Map<String, String> ingress, String adminBearer) {
        return new KubectlDriver(commands, cluster -> "kind-" + cluster, ingress, adminBearer);
    }

    /**
     * The simulated clusters through kubectl: contexts {@code firebreak-<cluster>} of {@code kubeconfig};
     * power, links and databases through {@code simulator}.
     */
    public static KubectlDriver simulated(Commands commands, java.nio.file.Path kubeconfig, Driver simulator, Map<String, String> ingress,
            String adminBearer) {
        return new KubectlDriver(commands, cluster -> "firebreak-" + cluster, ingress, adminBearer, kubeconfig.toString(), simulator);
    }

    /** Steps that are the data center's, not Kubernetes': the simulator's where there is one. */
    private static final java.util.Set<Action> DATACENTER = java.util.EnumSet.of(Action.KILL_CLUSTER, Action.RESTORE_CLUSTER,
            Action.KILL_DATABASE, Action.RESTORE_DATABASE, Action.LINK_FAULT, Action.LINK_LATENCY, Action.SWITCHOVER, Action.KILL_ETCD,
            Action.RESTORE_ETCD);

    @Override
    public java.util.Optional<String> gone() {
        return datacenter == null ? java.util.Optional.empty() : datacenter.gone();
    }

    @Override
    public void apply(Step step) {
        if (datacenter != null && DATACENTER.contains(step.action())) {
            datacenter.apply(step);
            return;
        }
        switch (step.action()) {
            case KILL_CLUSTER -> nodes(step.cluster(), "kill");
            case RESTORE_CLUSTER -> nodes(step.cluster(), "start");
            case KILL_POD -> {
                String pod = kubectl(step.cluster(), "get", "pods", "-l", "app.kubernetes.io/name=" + step.service(),
                        "--field-selector=status.phase=Running", "-o", "jsonpath={.items[0].metadata.name}").strip();
                if (pod.isEmpty()) {
                    throw new IllegalStateException("No running pod of " + step.service() + " in " + step.cluster());
                }
                kubectl(step.cluster(), "delete", "pod", pod, "--grace-period=0", "--force", "--wait=false");
            }
            case KILL_DATABASE -> kubectl(step.cluster(), "delete", "pod", "-l", "cnpg.io/cluster=firebreak-db,cnpg.io/instanceRole=primary",
                    "--grace-period=0", "--force", "--wait=false");
            case RESTORE_DATABASE -> kubectl(step.cluster(), "wait", "--for=condition=Ready", "cluster.postgresql.cnpg.io/firebreak-db",
                    "--timeout=120s");
            // kubeadm runs etcd as a static pod: moving its manifest away stops it, moving it back starts it.
            case KILL_ETCD -> commands.run(List.of("docker", "exec", step.cluster() + "-control-plane", "mv",
                    "/etc/kubernetes/manifests/etcd.yaml", "/etc/kubernetes/etcd.yaml.stopped"), null);
            case RESTORE_ETCD -> commands.run(List.of("docker", "exec", step.cluster() + "-control-plane", "sh", "-c",
                    "[ ! -f /etc/kubernetes/etcd.yaml.stopped ] || mv /etc/kubernetes/etcd.yaml.stopped /etc/kubernetes/manifests/etcd.yaml"),
                    null);
            case LINK_FAULT -> {
                if (step.service() != null) {
                    apiServerPath(step);
                    return;
                }
                if (step.fault().equals("reset")) {
                    throw new UnsupportedOperationException("Chaos Mesh has no connection reset; use blackhole (partition) on real clusters");
                }
                for (int i = 0; i < 2; i++) {
                    String from = step.between().get(i);
                    String to = step.between().get(1 - i);
                    if (step.fault().equals("none")) {
                        kubectl(from, "delete", "networkchaos", chaosName("partition", from, to), "--ignore-not-found");
                    } else {
                        apply(from, networkChaos("partition", from, to, null));
                    }
                }
            }
            case LINK_LATENCY -> {
                for (int i = 0; i < 2; i++) {
                    String from = step.between().get(i);
                    String to = step.between().get(1 - i);
                    if (step.latency().isZero()) {
                        kubectl(from, "delete", "networkchaos", chaosName("delay", from, to), "--ignore-not-found");
                    } else {
                        apply(from, networkChaos("delay", from, to, step.latency().toMillis() + "ms"));
                    }
                }
            }
            case SERVICE_FAULT -> {
                for (String cluster : step.clusters() == null ? List.of("region-a", "region-b") : step.clusters()) {
                    String deployment = "deployment/" + step.service();
                    if (step.mode().equals("fail")) {
                        String replicas = kubectl(cluster, "get", deployment, "-o", "jsonpath={.spec.replicas}").strip();
                        replicasBefore.putIfAbsent(cluster + "/" + step.service(), replicas.matches("\\d+") ? replicas : "2");
                        kubectl(cluster, "scale", deployment, "--replicas=0");
                    } else {
                        String replicas = replicasBefore.getOrDefault(cluster + "/" + step.service(), "2");
                        kubectl(cluster, "scale", deployment, "--replicas=" + replicas);
                    }
                }
            }
            // On real clusters the database is CloudNativePG's: the planned switchover is its demote/promote with a token.
            case SWITCHOVER -> commands.run(List.of(WITNESS_ACTIONS, "switchover", step.to()), null);
        }
    }

    /**
     * The path from one site to another's API server (the only Service path kind can cut alone):
     * an iptables rule in the first site's node drops what its pods send to the other's
     * control-plane node on 6443 ({@code -I} to cut, {@code -D} to heal), both ways round.
     */
    private void apiServerPath(Step step) {
        if (!step.service().equals("kubernetes")) {
            throw new UnsupportedOperationException("On kind only the path to a site's API server (service: kubernetes) can be cut alone, not "
                    + step.service());
        }
        for (int i = 0; i < 2; i++) {
            String from = step.between().get(i);
            String to = step.between().get(1 - i);
            String ip = commands.run(List.of("docker", "inspect", "-f", "{{with index .NetworkSettings.Networks \"kind\"}}{{.IPAddress}}{{end}}",
                    to + "-control-plane"), null).strip();
            if (ip.isEmpty()) {
                throw new IllegalStateException("No address of " + to + "-control-plane on the kind network");
            }
            List<String> rule = List.of("FORWARD", "-d", ip, "-p", "tcp", "--dport", "6443", "-j", "DROP");
            if (step.fault().equals("none")) {
                // Delete every copy of the rule; iptables exits non-zero once none is left.
                List<String> argv = new ArrayList<>(List.of("docker", "exec", from + "-control-plane", "sh", "-c",
                        "while iptables -D " + String.join(" ", rule) + " 2>/dev/null; do :; done"));
                commands.run(argv, null);
            } else {
                List<String> argv = new ArrayList<>(List.of("docker", "exec", from + "-control-plane", "iptables", "-I"));
                argv.addAll(rule);
                commands.run(argv, null);
            }
        }
    }

    private void nodes(String cluster, String verb) {
        List<String> nodes = Arrays.stream(commands.run(List.of("kind", "get", "nodes", "--name", cluster), null).split("\\s+"))
                .filter(n -> !n.isBlank()).toList();
        if (nodes.isEmpty()) {
            throw new IllegalStateException("kind has no nodes for cluster " + cluster);
        }
        List<String> argv = new ArrayList<>(List.of("docker", verb));
        argv.addAll(nodes);
        commands.run(argv, null);
    }

    /**
     * What one region reaches of another: each name resolves (cluster DNS) to the local Service
     * that leads there (k8s/kind/up.sh), so a NetworkChaos on these names cuts or slows exactly the
     * WAN. Chaos Mesh takes no wildcards in {@code externalTargets}.
     */
    static final List<String> EXPORTED = List.of("messaging-svc", "payment-svc", "taxi-svc", "status-svc", "postgres");

    /**
     * A Chaos Mesh NetworkChaos in {@code from}: every Firebreak pod there loses (or slows) its
     * traffic to {@code to}. The same objects, for 300 ms and for a partition, are
     * k8s/components/chaos-mesh/{wan-latency,partition}/&lt;from&gt;/networkchaos.yaml.
     */
    static String networkChaos(String action, String from, String to, String latency) {
        StringBuilder targets = new StringBuilder();
        for (String service : EXPORTED) {
            targets.append("    - ").append(service).append('.').append(to).append(".firebreak.internal\n");
        }
        return """
                apiVersion: chaos-mesh.org/v1alpha1
                kind: NetworkChaos
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                    app.kubernetes.io/part-of: firebreak
                spec:
                  action: %s
                  mode: all
                  selector:
                    namespaces: [%s]
                  direction: to
                  externalTargets:
                %s%s""".formatted(chaosName(action, from, to), NAMESPACE, action, NAMESPACE, targets,
                latency == null ? "" : "  delay:\n    latency: \"" + latency + "\"\n");
    }

    static String chaosName(String action, String from, String to) {
        return "firebreak-" + action + "-" + from + "-to-" + to;
    }

    private void apply(String cluster, String yaml) {
        List<String> argv = new ArrayList<>(kubectlAt(cluster));
        argv.addAll(List.of("apply", "-f", "-"));
        commands.run(argv, yaml);
    }

    private String kubectl(String cluster, String... args) {
        List<String> argv = new ArrayList<>(kubectlAt(cluster));
        argv.addAll(List.of("-n", NAMESPACE));
        argv.addAll(List.of(args));
        return commands.run(argv, null);
    }

    private List<String> kubectlAt(String cluster) {
        List<String> argv = new ArrayList<>(List.of("kubectl"));
        if (kubeconfig != null) {
            argv.addAll(List.of("--kubeconfig", kubeconfig));
        }
        argv.addAll(List.of("--context", context.apply(cluster)));
        return argv;
    }

    @Override
    public ProbeResult check(Probe probe) {
        return switch (probe.kind()) {
            case ALL_READY -> {
                // kubectl wait fails (and the probe with it) when a Deployment or the database is not ready.
                for (String cluster : List.of("region-a", "region-b")) {
                    kubectl(cluster, "wait", "--for=condition=Available", "deployment", "--all", "--timeout=5s");
                    if (datacenter == null) {
                        kubectl(cluster, "wait", "--for=condition=Ready", "cluster.postgresql.cnpg.io/firebreak-db", "--timeout=5s");
                    }
                }
                if (datacenter != null) {
                    ProbeResult databases = datacenter.check(probe);
                    yield new ProbeResult(databases.holds(), "every Deployment available in both regions (kubectl); " + databases.detail());
                }
                yield new ProbeResult(true, "every Deployment available and every database cluster ready in both regions");
            }
            case PRIMARY -> {
                if (datacenter != null) {
                    yield datacenter.check(probe);
                }
                // The distributed topology's primary is the one its own Cluster names (k8s/components/cloudnative-pg).
                String primary = kubectl(probe.region(), "get", "cluster.postgresql.cnpg.io/firebreak-db", "-o",
                        "jsonpath={.spec.replica.primary}").strip();
                yield new ProbeResult(probe.region().equals(primary), probe.region() + "'s database names " + primary + " the primary");
            }
            case EDGE_SERVES -> edgeAdmin.serves(entryPoint("edge"));
        };
    }

    @Override
    public String entryPoint(String target) {
        String url = ingress.get(target);
        if (url == null) {
            throw new IllegalArgumentException("No URL for " + target + " (give --url " + target + "=http://…)");
        }
        return url;
    }
}
