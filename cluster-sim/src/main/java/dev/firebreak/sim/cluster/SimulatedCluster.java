package dev.firebreak.sim.cluster;

import dev.firebreak.sim.controlplane.ClusterCredentials;
import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Kubelet;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.PodLauncher;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.manifest.ClusterManifests;
import dev.firebreak.sim.net.IngressProxy;
import dev.firebreak.sim.net.ServiceProxy;
import dev.firebreak.sim.node.NodeAgent;
import dev.firebreak.sim.node.ServiceNetwork;
import dev.firebreak.sim.node.SimNode;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.HostsFile;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One simulated Kubernetes cluster's data plane and nodes: its Services (each a proxy over the ready
 * endpoints its API server publishes, on an address of its own), its ingress (over its Ingress
 * objects), and its node agent with the container runtime ({@link Kubelet}) under it. What runs is
 * what the cluster's API server says: Deployments, their ReplicaSets and Pods are the real
 * controllers' and scheduler's work ({@code dev.firebreak.sim.controlplane}). It can lose power
 * (every address goes silent, every process dies) and get it back.
 * <p>
 * Service addresses are planned from the cluster's rendered overlay before anything starts, so
 * every site's cluster DNS (hosts file) and the WAN gateways to other sites name them from the
 * first moment; a Service created later (with kubectl) gets the next address and a name in its own
 * site only.
 */
public final class SimulatedCluster implements AutoCloseable, ServiceNetwork {

    /** A Service port's proxy and the address it listens on. */
    public record ServiceAddress(String service, int port, String host, ServiceProxy proxy) {
    }

    private final Site site;
    private final ClusterManifests manifests;
    private final AddressPlan plan;
    private final Vertx vertx;
    private final Kubelet kubelet;
    private final List<ServiceAddress> services = new CopyOnWriteArrayList<>();
    private final Map<String, String> serviceIps = new LinkedHashMap<>();
    private volatile Runnable namesChanged = () -> { };
    private volatile NodeAgent agent;
    private IngressProxy ingress;
    private volatile boolean powered = true;

    public SimulatedCluster(Site site, ClusterManifests manifests, AddressPlan plan, Vertx vertx, ProcessSpawner spawner,
            PodLauncher launcher, Events events, Clock clock) {
        this.site = site;
        this.manifests = manifests;
        this.plan = plan;
        this.vertx = vertx;
        this.kubelet = new Kubelet(vertx, spawner, launcher, events, clock, pod -> {
            NodeAgent a = agent;
            if (a != null) {
                a.changed(pod);
            }
        });
    }

    /**
     * Opens a proxy for every Service of the rendered overlay (plus {@code extra}, e.g. the
     * database, which is not a Kubernetes object) and the ingress, empty until the API server says
     * what is behind them.
     */
    public void openServices(Map<String, SocketAddress> extra) {
        for (Service s : manifests.services()) {
            if (s.getSpec().getSelector() != null && s.getSpec().getSelector().containsKey(ServiceNetwork.CNPG_CLUSTER_LABEL)) {
                continue; // CloudNativePG's instances: the simulator's own database serves this name (an extra below)
            }
            ensureService(s.getMetadata().getName(), s.getSpec().getPorts().stream().map(ServicePort::getPort).toList());
        }
        extra.forEach((name, target) -> {
            String ip = nextServiceIp(name);
            ServiceProxy proxy = ServiceProxy.start(vertx, site + "/" + name, ip, target.port());
            proxy.endpoints(List.of(target));
            services.add(new ServiceAddress(name, target.port(), ip, proxy));
        });
        ingress = IngressProxy.start(vertx, List.of(), (name, port) -> service(name, port)
                .flatMap(s -> s.proxy().nextEndpoint()).orElse(null), plan.ingress(site), 80);
    }

    /** Told whenever this cluster's own names change (a Service appeared), to rewrite its hosts file. */
    public void onNamesChanged(Runnable namesChanged) {
        this.namesChanged = namesChanged;
    }

    private synchronized String nextServiceIp(String name) {
        return serviceIps.computeIfAbsent(name, n -> plan.service(site, serviceIps.size()));
    }

    /** Adds this cluster's own names to its hosts file. */
    public synchronized void addLocalNames(HostsFile hosts) {
        serviceIps.forEach((name, ip) -> hosts.localService(ip, name, "firebreak", site));
    }

    // ServiceNetwork: what the node agent programs.

    @Override
    public void ensureService(String name, List<Integer> ports) {
        boolean added = false;
        synchronized (this) {
            boolean known = serviceIps.containsKey(name);
            String ip = nextServiceIp(name);
            for (int port : ports) {
                if (service(name, port).isEmpty()) {
                    ServiceProxy proxy = ServiceProxy.start(vertx, site + "/" + name, ip, port);
                    proxy.powered(powered);
                    services.add(new ServiceAddress(name, port, ip, proxy));
                }
            }
            added = !known;
        }
        if (added) {
            namesChanged.run();
        }
    }

    @Override
    public void removeService(String name) {
        services.stream().filter(s -> s.service().equals(name)).forEach(s -> s.proxy().endpoints(List.of()));
    }

    @Override
    public void endpoints(String name, int port, List<SocketAddress> ready) {
        service(name, port).ifPresent(s -> s.proxy().endpoints(ready));
    }

    @Override
    public void ingresses(List<Ingress> ingresses) {
        if (ingress != null) {
            ingress.routes(IngressProxy.routesOf(ingresses));
        }
    }

    /** Starts the node agent: the cluster's nodes register and its pods run, as its API server says. */
    public void startAgent(List<SimNode> nodes, ClusterCredentials credentials, Path stateDir, Events events, Clock clock) {
        if (agent == null) {
            agent = new NodeAgent(site, nodes, credentials, vertx, kubelet, this, plan, stateDir, events, clock);
        }
        agent.start();
    }

    /** The cluster's nodes (none before its agent started). */
    public List<SimNode> nodes() {
        NodeAgent a = agent;
        return a == null ? List.of() : a.nodes();
    }

    /** Kills the container of one ready pod of {@code service} (the first), as a chaos tool would. */
    public String killPod(String service) {
        Pod pod = pods().stream().filter(p -> p.app().equals(service) && p.snapshot().ready()).findFirst()
                .or(() -> pods().stream().filter(p -> p.app().equals(service)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("No pod of " + service + " in " + site));
        kubelet.killContainer(pod);
        return pod.name();
    }

    /** Power loss: every address goes silent first (nobody sees a reset), then the node agent and every process die. */
    public void powerOff() {
        powered = false;
        services.forEach(s -> s.proxy().powered(false));
        if (ingress != null) {
            ingress.powered(false);
        }
        NodeAgent a = agent;
        if (a != null) {
            a.stop();
        }
        kubelet.powerLoss();
    }

    /**
     * Power is back for the data plane: addresses answer again and the containers start again.
     * The node agent starts once the cluster's API server is back ({@link #startAgent}).
     */
    public void powerOn() {
        powered = true;
        services.forEach(s -> s.proxy().powered(true));
        if (ingress != null) {
            ingress.powered(true);
        }
        kubelet.powerOn();
    }

    public boolean powered() {
        return powered;
    }

    public Site site() {
        return site;
    }

    public List<Pod> pods() {
        NodeAgent a = agent;
        return a == null ? List.of() : a.runningPods();
    }

    public List<ServiceAddress> services() {
        return List.copyOf(services);
    }

    public Optional<ServiceAddress> service(String name, int port) {
        return services.stream().filter(s -> s.service().equals(name) && s.port() == port).findFirst();
    }

    /**
     * What {@code status} calls this cluster's ingress: the Ingress's {@code firebreak.dev/entry-point}
     * annotation (the global site's says {@code edge}), else {@code ingress-<cluster>}.
     */
    public String entryPointName() {
        return manifests.ingresses().stream().map(i -> i.getMetadata().getAnnotations())
                .filter(a -> a != null && a.containsKey("firebreak.dev/entry-point")).map(a -> a.get("firebreak.dev/entry-point"))
                .findFirst().orElse("ingress-" + site.name());
    }

    /**
     * The public status page on this cluster's ingress, from the Ingress's
     * {@code firebreak.dev/status-page} annotation (its path): named {@code statusPage} on the
     * global site (through the edge) and {@code statusPage-<region>} on a region.
     */
    public Optional<Map.Entry<String, String>> statusPage() {
        return ingressUrl().flatMap(url -> manifests.ingresses().stream().map(i -> i.getMetadata().getAnnotations())
                .filter(a -> a != null && a.containsKey("firebreak.dev/status-page")).map(a -> a.get("firebreak.dev/status-page"))
                .findFirst().map(path -> Map.entry(site.region() ? "statusPage-" + site.name() : "statusPage", url + path)));
    }

    /** The ingress URL, if the cluster's overlay has an Ingress. */
    public Optional<String> ingressUrl() {
        return manifests.ingresses().isEmpty() ? Optional.empty() : Optional.of("http://" + plan.ingress(site));
    }

    /** Stops every pod gracefully (SIGTERM, then SIGKILL after the grace period), and the node agent. */
    public void stopPods() {
        NodeAgent a = agent;
        if (a != null) {
            a.stop();
        }
        kubelet.stopAll();
    }

    @Override
    public void close() {
        NodeAgent a = agent;
        if (a != null) {
            a.close();
        }
        kubelet.close();
        services.forEach(s -> s.proxy().close());
        if (ingress != null) {
            ingress.close();
        }
    }

    /** Every pod the runtime has, including any not yet known to the agent (for leaving nothing behind). */
    public List<Pod> runtimePods() {
        return new ArrayList<>(kubelet.pods());
    }
}
