package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Registers the simulator's Nodes with the API server, as a kubelet registers itself, and reports
 * their status (Ready, capacity, addresses, the kubelet endpoint) at registration and on every
 * heartbeat. Whether a node is alive is said by its Lease ({@link NodeLeaseController}); the
 * status heartbeat is the slow one, as kubelet's {@code nodeStatusReportFrequency}.
 * <p>
 * Unlike a kubelet, nothing here measures the machine: every node reports the same capacity (4
 * CPUs, 8 GiB, 110 pods), which is what the scheduler places pods by.
 */
final class NodeController {

    private static final Logger LOG = Logger.getLogger(NodeController.class);
    static final String FIELD_MANAGER = "firebreak-kubelet";
    static final String KUBELET_VERSION = "v1.20.2";

    private final KubernetesClient client;
    private final List<SimNode> nodes;
    private final Clock clock;
    private final Instant bootedAt;

    NodeController(KubernetesClient client, List<SimNode> nodes, Clock clock) {
        this.client = client;
        this.nodes = nodes;
        this.clock = clock;
        this.bootedAt = clock.instant();
    }

    /** Creates (or takes back) every node and reports it Ready. */
    void register() {
        for (SimNode node : nodes) {
            Node object = new NodeBuilder().withNewMetadata().withName(node.name())
                    .withLabels(Map.of("kubernetes.io/hostname", node.name(), "kubernetes.io/os", "linux", "kubernetes.io/arch", "amd64",
                            "topology.kubernetes.io/region", node.region(), "topology.kubernetes.io/zone", node.zone(),
                            "firebreak.dev/simulated", "true"))
                    .endMetadata().build();
            client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            heartbeat(node);
            LOG.debugf("Registered node %s", node.name());
        }
    }

    /** Reports every node's status again (conditions, with this heartbeat's time). */
    void heartbeatAll() {
        for (SimNode node : nodes) {
            heartbeat(node);
        }
    }

    private void heartbeat(SimNode node) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String since = bootedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        Node status = new NodeBuilder().withNewMetadata().withName(node.name()).endMetadata()
                .withNewStatus()
                .withConditions(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, since),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now, since),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now, since),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now, since))
                .addNewAddress().withType("InternalIP").withAddress(node.address()).endAddress()
                .addNewAddress().withType("Hostname").withAddress(node.name()).endAddress()
                .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110"),
                        "ephemeral-storage", new Quantity("20Gi")))
                .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110"),
                        "ephemeral-storage", new Quantity("20Gi")))
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(SimNode.KUBELET_PORT).endKubeletEndpoint().endDaemonEndpoints()
                .withNewNodeInfo().withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion(KUBELET_VERSION)
                .withContainerRuntimeVersion("firebreak-sim://1").withOperatingSystem("linux").withArchitecture("amd64")
                .withOsImage("Firebreak simulated node").withKernelVersion(System.getProperty("os.version"))
                .withMachineID(node.name()).withSystemUUID(node.name()).withBootID(since).endNodeInfo()
                .endStatus().build();
        client.nodes().resource(status).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), status);
    }

    private static NodeCondition condition(String type, String state, String reason, String message, String heartbeat, String since) {
        return new NodeConditionBuilder().withType(type).withStatus(state).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(heartbeat).withLastTransitionTime(since).build();
    }
}
