package dev.firebreak.sim.node;

import dev.firebreak.sim.controlplane.ClusterCredentials;
import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Kubelet;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The simulator's node agent for one cluster: what kubelet and kube-proxy are on each node of a
 * real cluster, for all of the cluster's simulated nodes at once (as KWOK's controller serves many
 * nodes). It talks to the cluster's API server as {@code firebreak:node-agent} (RBAC: its own
 * ClusterRole), with fabric8's informers, and runs one controller per kind of object:
 * <ul>
 *   <li>{@link NodeController}: registers the Nodes and reports their status;</li>
 *   <li>{@link NodeLeaseController}: renews their Leases every 10 s;</li>
 *   <li>{@link PodController}: runs the Pods bound to them and writes their status, {@link PodEvents} their events;</li>
 *   <li>{@link ServiceController}: Service proxies over the ready endpoints of EndpointSlices;</li>
 *   <li>{@link IngressController}: the ingress over the Ingress objects;</li>
 *   <li>{@link VolumeController}: a volume (a directory) for every PersistentVolumeClaim.</li>
 * </ul>
 * It stops with its cluster's power (its API server is gone too) and starts again with it; the
 * pods it ran are remembered across, as a kubelet finds its pods again after a reboot.
 */
public final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);
    static final long LEASE_RENEW_SECONDS = 10;
    static final long STATUS_REPORT_SECONDS = 60;

    private final Site site;
    private final List<SimNode> nodes;
    private final ClusterCredentials credentials;
    private final Path kubeconfig;
    private final io.vertx.core.Vertx vertx;
    private final Kubelet kubelet;
    private final ServiceNetwork network;
    private final Path stateDir;
    private final Events events;
    private final Clock clock;
    private final PodAddresses addresses;
    private final Map<String, PodController.Running> running = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private ScheduledExecutorService timers;
    private PodController pods;
    private ServiceController services;
    private IngressController ingress;
    private VolumeController volumes;
    private PodEvents podEvents;
    private final List<KubeletEndpoint> endpoints = new java.util.ArrayList<>();

    public NodeAgent(Site site, List<SimNode> nodes, ClusterCredentials credentials, io.vertx.core.Vertx vertx, Kubelet kubelet,
            ServiceNetwork network, AddressPlan plan, Path stateDir, Events events, Clock clock) {
        this.site = site;
        this.nodes = List.copyOf(nodes);
        this.credentials = credentials;
        this.kubeconfig = credentials.kubeconfig(ClusterCredentials.NODE_AGENT);
        this.vertx = vertx;
        this.kubelet = kubelet;
        this.network = network;
        this.stateDir = stateDir;
        this.events = events;
        this.clock = clock;
        this.addresses = new PodAddresses(plan, site);
    }

    /** Registers the nodes and starts every controller. */
    public synchronized void start() {
        client = new KubernetesClientBuilder().withConfig(config()).build();
        NodeController nodeController = new NodeController(client, nodes, clock);
        NodeLeaseController leases = new NodeLeaseController(client, nodes, clock);
        for (SimNode node : nodes) {
            endpoints.add(new KubeletEndpoint(vertx, node, credentials.pki().kubeletServing("kubelet-" + node.name(), "system:node:"
                    + node.name(), node.address()), credentials.caCert(),
                    key -> java.util.Optional.ofNullable(running.get(key)).map(r -> r.pod().log())));
        }
        nodeController.register();
        leases.renewAll();
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, site + "-node-heartbeats");
            t.setDaemon(true);
            return t;
        });
        timers.scheduleAtFixedRate(() -> quietly("renewing leases", leases::renewAll), LEASE_RENEW_SECONDS, LEASE_RENEW_SECONDS,
                TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(() -> quietly("reporting node status", nodeController::heartbeatAll), STATUS_REPORT_SECONDS,
                STATUS_REPORT_SECONDS, TimeUnit.SECONDS);
        podEvents = new PodEvents(client, site.name(), running);
        events.listen(podEvents);
        pods = new PodController(client, nodes, kubelet, new PodFactory(site.name(), client, stateDir, clock), addresses, events,
                clock, running);
        services = new ServiceController(client, network);
        ingress = new IngressController(client, network);
        volumes = new VolumeController(client, stateDir.resolve(site.name()).resolve("volumes"));
        services.start();
        ingress.start();
        volumes.start();
        pods.start();
        events.normal(site.name(), "NodesRegistered", nodes.size() + " node(s) registered: "
                + String.join(", ", nodes.stream().map(n -> n.name() + " (" + n.zone() + ")").toList()));
    }

    /** The runtime changed something about {@code pod}: its status is written. */
    public void changed(Pod pod) {
        PodController p = pods;
        if (p != null) {
            p.changed(pod);
        }
    }

    public List<SimNode> nodes() {
        return nodes;
    }

    /** The pods running on this cluster's nodes. */
    public List<Pod> runningPods() {
        return running.values().stream().map(PodController.Running::pod).toList();
    }

    /** Stops every controller and the heartbeats (the cluster lost power, or the simulator stops). */
    public synchronized void stop() {
        if (timers != null) {
            timers.shutdownNow();
            timers = null;
        }
        if (podEvents != null) {
            events.stopListening(podEvents);
        }
        for (AutoCloseable c : new AutoCloseable[] {pods, services, ingress, volumes, podEvents}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debugf("Closing %s: %s", c, e.getMessage());
                }
            }
        }
        endpoints.forEach(KubeletEndpoint::close);
        endpoints.clear();
        pods = null;
        services = null;
        ingress = null;
        volumes = null;
        podEvents = null;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private Config config() {
        Config config = credentials.clientConfig(ClusterCredentials.NODE_AGENT);
        config.setConnectionTimeout(2_000);
        config.setRequestTimeout(10_000);
        config.setWatchReconnectInterval(1_000);
        return config;
    }

    private void quietly(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.debugf("%s %s failed: %s", site, what, e.getMessage());
        }
    }
}
