package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1beta1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1beta1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1beta1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.Objects;
import java.util.Optional;

/**
 * kube-proxy for the simulated cluster: each Service with a selector gets a proxy per port, and
 * each proxy forwards to the ready endpoints the EndpointSlice controller publishes for it
 * ({@code discovery.k8s.io/v1beta1} on v1.20, the API kube-proxy itself follows there). Pods' loopback
 * addresses are accepted in EndpointSlices but refused in the legacy Endpoints, so this is the only
 * way to follow them. A Service's ClusterIP is not where its proxy listens: the proxy has a loopback
 * address of its own, which the site's cluster DNS (its hosts file) names.
 */
final class ServiceController implements AutoCloseable {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private final KubernetesClient client;
    private final ServiceNetwork network;
    private final WorkQueue queue;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;

    ServiceController(KubernetesClient client, ServiceNetwork network) {
        this.client = client;
        this.network = network;
        this.queue = new WorkQueue("service-controller", 1, this::reconcile);
    }

    void start() {
        services = client.services().inAnyNamespace().inform(queue.enqueueing(Cache::metaNamespaceKeyFunc), Duration.ofMinutes(5).toMillis());
        slices = client.discovery().v1beta1().endpointSlices().inAnyNamespace().inform(queue.enqueueing(slice -> {
            String service = Optional.ofNullable(slice.getMetadata().getLabels()).map(l -> l.get(SERVICE_NAME_LABEL)).orElse(null);
            return service == null ? null : slice.getMetadata().getNamespace() + "/" + service;
        }), Duration.ofMinutes(5).toMillis());
    }

    private void reconcile(String key) {
        Service service = services.getIndexer().getByKey(key);
        String name = key.substring(key.indexOf('/') + 1);
        if (service == null) {
            network.removeService(name);
            return;
        }
        if (service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty()) {
            return; // no pods behind it (the API server's own kubernetes Service, say)
        }
        if (service.getSpec().getSelector().containsKey(ServiceNetwork.CNPG_CLUSTER_LABEL)) {
            return; // CloudNativePG's instances: here the simulator's own database serves the name (docs/cluster-sim.md)
        }
        List<ServicePort> ports = service.getSpec().getPorts();
        network.ensureService(name, ports.stream().map(ServicePort::getPort).toList());
        List<EndpointSlice> mine = slices.getIndexer().list().stream()
                .filter(s -> service.getMetadata().getNamespace().equals(s.getMetadata().getNamespace()))
                .filter(s -> name.equals(Optional.ofNullable(s.getMetadata().getLabels()).map(l -> l.get(SERVICE_NAME_LABEL)).orElse(null)))
                .toList();
        for (ServicePort port : ports) {
            network.endpoints(name, port.getPort(), ready(mine, port));
        }
    }

    /** The ready endpoints of {@code port}: the slice port of the same name, on every ready endpoint's address. */
    static List<SocketAddress> ready(List<EndpointSlice> slices, ServicePort port) {
        List<SocketAddress> ready = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            Optional<Integer> number = Optional.ofNullable(slice.getPorts()).orElse(List.of()).stream()
                    .filter(p -> Objects.equals(emptyToNull(p.getName()), emptyToNull(port.getName())))
                    .map(EndpointPort::getPort).filter(Objects::nonNull).findFirst();
            if (number.isEmpty()) {
                continue;
            }
            for (Endpoint endpoint : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
                boolean isReady = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
                if (isReady && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    ready.add(SocketAddress.inetSocketAddress(number.get(), endpoint.getAddresses().get(0)));
                }
            }
        }
        return ready;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        queue.close();
        if (services != null) {
            services.close();
        }
        if (slices != null) {
            slices.close();
        }
    }

}
