package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Renews each node's Lease in {@code kube-node-lease}, as the kubelet does every 10 s: what the node
 * lifecycle controller reads to know a node is alive. A node whose Lease is not renewed for
 * {@code --node-monitor-grace-period} (40 s) is marked NotReady and its pods evicted later, so a
 * simulator that stops renewing (its cluster lost power) looks like a dead node to a control plane
 * that survived it.
 */
final class NodeLeaseController {

    static final String NAMESPACE = "kube-node-lease";
    static final int DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final List<SimNode> nodes;
    private final Clock clock;

    NodeLeaseController(KubernetesClient client, List<SimNode> nodes, Clock clock) {
        this.client = client;
        this.nodes = nodes;
        this.clock = clock;
    }

    /** Renews every node's Lease (creating it when missing). */
    void renewAll() {
        java.time.ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        for (SimNode node : nodes) {
            Lease lease = new LeaseBuilder().withNewMetadata().withName(node.name()).withNamespace(NAMESPACE).endMetadata()
                    .withNewSpec().withHolderIdentity(node.name()).withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now).endSpec()
                    .build();
            client.resource(lease).fieldManager(NodeController.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }
}
