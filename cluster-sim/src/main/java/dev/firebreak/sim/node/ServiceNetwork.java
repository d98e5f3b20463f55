package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/** The cluster's data plane the node agent programs: Service proxies (kube-proxy's job) and the ingress. */
public interface ServiceNetwork {

    /** The label CloudNativePG puts on its instance pods: a Service selecting it is served by the simulator's own database. */
    String CNPG_CLUSTER_LABEL = "cnpg.io/cluster";

    /** Opens a proxy for each port of Service {@code name} unless it has them already. */
    void ensureService(String name, List<Integer> ports);

    /** The Service no longer exists: its proxies stop serving. */
    void removeService(String name);

    /** The ready endpoints behind port {@code port} of Service {@code name}. */
    void endpoints(String name, int port, List<SocketAddress> ready);

    /** The cluster's Ingress objects, all of them, as they are now. */
    void ingresses(List<Ingress> ingresses);
}
