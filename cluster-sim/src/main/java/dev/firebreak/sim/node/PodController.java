package dev.firebreak.sim.node;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Kubelet;
import dev.firebreak.sim.kubelet.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The kubelet's pod loop for the simulator's nodes: every Pod the scheduler bound to one of them is
 * run by the {@link Kubelet} (the container runtime and prober), and its status written back as a
 * kubelet writes it ({@link PodStatuses}, through the status subresource). A pod being deleted gets
 * SIGTERM, its grace period, SIGKILL, and is then removed from the API server, as the kubelet
 * finishes a graceful deletion. Level-triggered: each reconcile compares the pod in the API server
 * (the informer's cache) with what runs here, so a restart of the agent converges.
 */
final class PodController implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PodController.class);

    /** A pod running here, by its API key ({@code namespace/name}); kept across power cycles by the {@link NodeAgent}. */
    record Running(String uid, SimNode node, Pod pod, boolean stopping) {
    }

    private final KubernetesClient client;
    private final Map<String, SimNode> nodes;
    private final Kubelet kubelet;
    private final PodFactory factory;
    private final PodAddresses addresses;
    private final Events events;
    private final Clock clock;
    private final Map<String, Running> running;
    private final WorkQueue queue;
    private SharedIndexInformer<io.fabric8.kubernetes.api.model.Pod> informer;

    PodController(KubernetesClient client, List<SimNode> nodes, Kubelet kubelet, PodFactory factory, PodAddresses addresses,
            Events events, Clock clock, Map<String, Running> running) {
        this.client = client;
        this.nodes = nodes.stream().collect(Collectors.toMap(SimNode::name, Function.identity()));
        this.kubelet = kubelet;
        this.factory = factory;
        this.addresses = addresses;
        this.events = events;
        this.clock = clock;
        this.running = running;
        this.queue = new WorkQueue("pod-controller", 2, this::reconcile);
    }

    void start() {
        informer = client.pods().inAnyNamespace().inform(queue.enqueueing(this::keyIfMine), Duration.ofMinutes(5).toMillis());
        // Pods that ran here before the agent (re)started: their keys are reconciled too.
        running.keySet().forEach(queue::add);
    }

    /** The runtime says something changed about {@code pod} (started, ready, exited): write its status. */
    void changed(Pod pod) {
        running.entrySet().stream().filter(e -> e.getValue().pod() == pod).map(Map.Entry::getKey).findFirst().ifPresent(queue::add);
    }

    /** The pod's key if it is bound to one of these nodes or runs here; null otherwise. */
    private String keyIfMine(io.fabric8.kubernetes.api.model.Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String key = Cache.metaNamespaceKeyFunc(pod);
        return (node != null && nodes.containsKey(node)) || running.containsKey(key) ? key : null;
    }

    private void reconcile(String key) {
        io.fabric8.kubernetes.api.model.Pod pod = informer.getIndexer().getByKey(key);
        Running here = running.get(key);
        if (here != null && (pod == null || !pod.getMetadata().getUid().equals(here.uid()))) {
            // Deleted (or replaced by another pod of the same name) behind our back: nothing may keep running for it.
            if (!here.stopping()) {
                stop(key, here, Duration.ofSeconds(here.pod().terminationGraceSeconds()), null);
            }
            return;
        }
        if (pod == null || pod.getSpec().getNodeName() == null || !nodes.containsKey(pod.getSpec().getNodeName())) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (here == null) {
                delete(pod);
            } else if (!here.stopping()) {
                long grace = Optional.ofNullable(pod.getMetadata().getDeletionGracePeriodSeconds())
                        .orElse((long) here.pod().terminationGraceSeconds());
                stop(key, here, Duration.ofSeconds(grace), pod);
            }
            return;
        }
        if (here == null) {
            if ("Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod))) {
                return;
            }
            here = new Running(pod.getMetadata().getUid(), nodes.get(pod.getSpec().getNodeName()),
                    factory.create(pod, addresses.take(key)), false);
            running.put(key, here);
            events.normal(here.pod().ref(), "Scheduled", "Bound to " + here.node().name() + " (" + here.node().zone() + ")");
            kubelet.run(here.pod());
        }
        writeStatus(pod, here);
    }

    private void writeStatus(io.fabric8.kubernetes.api.model.Pod pod, Running here) {
        PodStatus desired = PodStatuses.of(pod, here.pod().snapshot(), here.node(), clock.instant());
        if (!PodStatuses.differs(pod.getStatus(), desired)) {
            return;
        }
        io.fabric8.kubernetes.api.model.Pod patch = new PodBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata().withStatus(desired).build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).subresource("status")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager(NodeController.FIELD_MANAGER).build(),
                            patch);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return; // gone meanwhile: the delete event follows
            }
            throw e;
        }
    }

    private void stop(String key, Running here, Duration grace, io.fabric8.kubernetes.api.model.Pod deleting) {
        running.put(key, new Running(here.uid(), here.node(), here.pod(), true));
        kubelet.stop(here.pod(), grace).whenComplete((v, e) -> {
            running.remove(key);
            addresses.release(key);
            queue.add(key); // a new pod of the same name may be waiting to run
            if (deleting != null) {
                try {
                    delete(deleting);
                } catch (RuntimeException failed) {
                    LOG.debugf("Deleting %s after its container stopped failed: %s; the next reconcile retries", key, failed.getMessage());
                    queue.add(key);
                }
            }
        });
    }

    /** Ends a graceful deletion, as the kubelet does once the containers have stopped. */
    private void delete(io.fabric8.kubernetes.api.model.Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    }

    private static String phase(io.fabric8.kubernetes.api.model.Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    @Override
    public void close() {
        queue.close();
        if (informer != null) {
            informer.close();
        }
    }
}
