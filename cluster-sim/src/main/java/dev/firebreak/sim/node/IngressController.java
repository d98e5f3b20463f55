package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;

/**
 * The cluster's ingress controller: whenever an Ingress is added, changed or removed, the
 * ingress proxy serves the rules of all of them, as they are in the API server.
 */
final class IngressController implements AutoCloseable {

    private static final String KEY = "ingresses";

    private final KubernetesClient client;
    private final ServiceNetwork network;
    private final WorkQueue queue;
    private SharedIndexInformer<Ingress> informer;

    IngressController(KubernetesClient client, ServiceNetwork network) {
        this.client = client;
        this.network = network;
        this.queue = new WorkQueue("ingress-controller", 1, key -> network.ingresses(informer.getIndexer().list()));
    }

    void start() {
        informer = client.network().v1().ingresses().inAnyNamespace().inform(queue.enqueueing(ingress -> KEY),
                Duration.ofMinutes(5).toMillis());
    }

    @Override
    public void close() {
        queue.close();
        if (informer != null) {
            informer.close();
        }
    }
}
