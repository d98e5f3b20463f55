package dev.firebreak.sim.cluster;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Kubelet;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.PodLauncher;
import dev.firebreak.sim.kubelet.ProbeSpec;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.kubelet.RestartBackOff;
import dev.firebreak.sim.manifest.ClusterManifests;
import dev.firebreak.sim.manifest.PodEnvironment;
import dev.firebreak.sim.net.IngressProxy;
import dev.firebreak.sim.net.ServiceProxy;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.HostsFile;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One simulated Kubernetes cluster: its Services (each a proxy over its ready pods, on its own
 * address), its ingress, and its kubelet running the Deployments' pods. It can lose power (every
 * address goes silent, every process dies) and get it back.
 */
public final class SimulatedCluster implements AutoCloseable {

    /** A Service port's proxy and the address it listens on. */
    public record ServiceAddress(String service, int port, String host, ServiceProxy proxy) {
    }

    private final Site site;
    private final ClusterManifests manifests;
    private final AddressPlan plan;
    private final Kubelet kubelet;
    private final List<ServiceAddress> services = new ArrayList<>();
    private final Map<String, String> serviceIps = new LinkedHashMap<>();
    private IngressProxy ingress;
    private volatile boolean powered = true;

    public SimulatedCluster(Site site, ClusterManifests manifests, AddressPlan plan, Vertx vertx, ProcessSpawner spawner,
            PodLauncher launcher, Events events, Clock clock) {
        this.site = site;
        this.manifests = manifests;
        this.plan = plan;
        this.kubelet = new Kubelet(vertx, spawner, launcher, events, clock, pod -> updateEndpoints());
    }

    /** Opens every Service of the manifests (plus {@code extra}, e.g. the database) and the ingress. */
    public void openServices(Vertx vertx, Map<String, SocketAddress> extra) {
        for (Service s : manifests.services()) {
            String ip = nextServiceIp(s.getMetadata().getName());
            for (ServicePort port : s.getSpec().getPorts()) {
                services.add(new ServiceAddress(s.getMetadata().getName(), port.getPort(), ip,
                        ServiceProxy.start(vertx, site + "/" + s.getMetadata().getName(), ip, port.getPort())));
            }
        }
        extra.forEach((name, target) -> {
            String ip = nextServiceIp(name);
            ServiceProxy proxy = ServiceProxy.start(vertx, site + "/" + name, ip, target.port());
            proxy.endpoints(List.of(target));
            services.add(new ServiceAddress(name, target.port(), ip, proxy));
        });
        if (!manifests.ingresses().isEmpty()) {
            ingress = IngressProxy.start(vertx, manifests.ingresses(), (name, port) -> service(name, port)
                    .map(s -> SocketAddress.inetSocketAddress(s.port(), s.host()))
                    .orElseThrow(() -> new IllegalStateException("The ingress names Service " + name + ":" + port + ", which does not exist")),
                    plan.ingress(site), 80);
        }
    }

    private String nextServiceIp(String name) {
        return serviceIps.computeIfAbsent(name, n -> plan.service(site, serviceIps.size()));
    }

    /** Adds this cluster's own names to its hosts file. */
    public void addLocalNames(HostsFile hosts) {
        serviceIps.forEach((name, ip) -> hosts.localService(ip, name, "firebreak", site));
    }

    /**
     * The pods of every Deployment ({@code replicas} each, or the manifest's count when negative),
     * with their environment, addresses and mounted Secrets, not yet started.
     */
    public List<Pod> pods(int replicas, LocalSecrets secrets, Path stateDir, Clock clock) {
        List<Pod> pods = new ArrayList<>();
        int n = 0;
        for (Deployment d : manifests.deployments()) {
            int count = replicas >= 0 ? replicas : Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
            var spec = d.getSpec().getTemplate().getSpec();
            if (spec.getContainers().size() != 1) {
                throw new IllegalStateException("Deployment " + d.getMetadata().getName() + ": one container per pod is simulated");
            }
            Container container = spec.getContainers().get(0);
            for (ProbeSpec.Kind kind : ProbeSpec.Kind.values()) {
                ProbeSpec.of(kind, container); // refuses probes the kubelet here cannot run, before anything starts
            }
            for (int i = 0; i < count; i++) {
                String name = d.getMetadata().getName() + "-" + i;
                String ip = plan.pod(site, n++);
                Path root = stateDir.resolve(site.name()).resolve("pods").resolve(name);
                mountVolumes(d, container, secrets, root);
                Map<String, String> env = new LinkedHashMap<>(PodEnvironment.of(container, manifests, secrets,
                        new PodEnvironment.PodFacts(name, d.getMetadata().getNamespace(), ip)));
                env.put("QUARKUS_HTTP_HOST", ip);
                env.put("FIREBREAK_MOUNT_ROOT", root.toString());
                Path log = stateDir.resolve("logs").resolve(site.name()).resolve(name + ".log");
                int grace = Optional.ofNullable(spec.getTerminationGracePeriodSeconds()).map(Long::intValue).orElse(30);
                pods.add(new Pod(site.name(), name, d.getMetadata().getName(), ip, d.getSpec().getTemplate().getMetadata().getLabels(),
                        d.getSpec().getTemplate().getMetadata().getAnnotations(), container, env, root, log, grace,
                        new RestartBackOff(clock)));
            }
        }
        return pods;
    }

    private static void mountVolumes(Deployment d, Container container, LocalSecrets secrets, Path root) {
        if (container.getVolumeMounts() == null) {
            return;
        }
        List<Volume> volumes = Optional.ofNullable(d.getSpec().getTemplate().getSpec().getVolumes()).orElse(List.of());
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(d.getMetadata().getName() + " mounts volume " + mount.getName()
                            + ", which it does not declare"));
            Path target = root.resolve(mount.getMountPath().replaceFirst("^/+", ""));
            try {
                if (volume.getSecret() != null) {
                    secrets.mount(volume.getSecret(), target);
                } else if (volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null) {
                    // Both outlive a container restart here: a pod's root lasts as long as the run.
                    Files.createDirectories(target);
                } else {
                    throw new IllegalStateException(d.getMetadata().getName() + ": volume " + volume.getName()
                            + " is not a Secret, an emptyDir or a PersistentVolumeClaim, which is all the simulator mounts");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public void run(Pod pod) {
        kubelet.run(pod);
    }

    /** Kills the container of one ready pod of {@code service} (the first), as a chaos tool would. */
    public String killPod(String service) {
        Pod pod = kubelet.pods().stream().filter(p -> p.app().equals(service) && p.snapshot().ready()).findFirst()
                .or(() -> kubelet.pods().stream().filter(p -> p.app().equals(service)).findFirst())
                .orElseThrow(() -> new IllegalArgumentException("No pod of " + service + " in " + site));
        kubelet.killContainer(pod);
        return pod.name();
    }

    /** Power loss: every address goes silent first (nobody sees a reset), then every process dies. */
    public void powerOff() {
        powered = false;
        services.forEach(s -> s.proxy().powered(false));
        if (ingress != null) {
            ingress.powered(false);
        }
        kubelet.powerLoss();
    }

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
        return kubelet.pods();
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

    /** The ingress URL, if the cluster has an Ingress. */
    public Optional<String> ingressUrl() {
        return ingress == null ? Optional.empty() : Optional.of("http://" + plan.ingress(site));
    }

    /** kube-proxy: each Service's endpoints are its selected pods that are ready, on the target port. */
    private void updateEndpoints() {
        List<Pod> pods = kubelet.pods();
        for (Service s : manifests.services()) {
            Map<String, String> selector = s.getSpec().getSelector();
            List<Pod> selected = pods.stream().filter(p -> p.snapshot().ready() && selector != null && !selector.isEmpty()
                    && selector.entrySet().stream().allMatch(e -> e.getValue().equals(p.labels().get(e.getKey())))).toList();
            for (ServicePort port : s.getSpec().getPorts()) {
                service(s.getMetadata().getName(), port.getPort()).ifPresent(addr -> addr.proxy().endpoints(selected.stream()
                        .map(p -> SocketAddress.inetSocketAddress(targetPort(port, p.container()), p.ip())).toList()));
            }
        }
    }

    private static int targetPort(ServicePort port, Container container) {
        return port.getTargetPort() == null ? port.getPort() : ProbeSpec.portNumber(container, port.getTargetPort());
    }

    /** Stops every pod gracefully (SIGTERM, then SIGKILL after the grace period). */
    public void stopPods() {
        kubelet.stopAll();
    }

    @Override
    public void close() {
        kubelet.close();
        services.forEach(s -> s.proxy().close());
        if (ingress != null) {
            ingress.close();
        }
    }
}
