package dev.firebreak.sim.controlplane;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every site's control plane, and the one kubeconfig a person uses for all of them (a context
 * {@code firebreak-<site>} each, as admin, namespace {@code firebreak}): what {@code ./firebreak up}
 * starts before any node or pod, and {@code ./firebreak kubeconfig} points at.
 */
public final class ControlPlanes implements AutoCloseable {

    /** The prefix of every context in the kubeconfig. */
    public static final String CONTEXT_PREFIX = "firebreak-";
    /** The namespace every Firebreak object lives in. */
    public static final String NAMESPACE = "firebreak";

    private final Map<String, ControlPlane> planes;

    private ControlPlanes(Map<String, ControlPlane> planes) {
        this.planes = planes;
    }

    /** Makes each site's certificates and kubeconfigs under {@code stateDir/<site>/control-plane}; starts nothing. */
    public static ControlPlanes prepare(List<Site> sites, AddressPlan plan, KubernetesBinaries binaries, Path stateDir,
            ProcessSpawner spawner, Events events) {
        Map<String, ControlPlane> planes = new LinkedHashMap<>();
        for (Site site : sites) {
            planes.put(site.name(), ControlPlane.prepare(site, plan.controlPlane(site), binaries,
                    stateDir.resolve(site.name()).resolve("control-plane"), spawner, events));
        }
        return new ControlPlanes(planes);
    }

    /** Writes the person's kubeconfig: a context {@code firebreak-<site>} per site, as its admin. */
    public void writeKubeconfig(Path file) {
        Map<String, ClusterCredentials> clusters = new LinkedHashMap<>();
        Map<String, String> users = new LinkedHashMap<>();
        planes.forEach((name, plane) -> {
            clusters.put(name, plane.credentials());
            users.put(name, ClusterCredentials.ADMIN);
        });
        ClusterCredentials.write(file, ClusterCredentials.kubeconfig(clusters, users, planes.keySet().iterator().next(), CONTEXT_PREFIX,
                NAMESPACE));
    }

    /** Starts every control plane at once (they are independent), returning when all serve. */
    public void startAll(Duration timeout) {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        planes.values().forEach(p -> starts.add(CompletableFuture.runAsync(() -> p.start(timeout))));
        try {
            starts.forEach(CompletableFuture::join);
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /** Sets every cluster up for deployment: the node agent's RBAC, the namespace, the installation's Secrets. */
    public void bootstrapAll(LocalSecrets secrets) {
        planes.keySet().forEach(site -> bootstrap(site, secrets));
    }

    public void bootstrap(String site, LocalSecrets secrets) {
        try (KubernetesClient admin = client(site, ClusterCredentials.ADMIN)) {
            Bootstrap.apply(admin, NAMESPACE, secrets);
        }
    }

    public ControlPlane get(String site) {
        ControlPlane p = planes.get(site);
        if (p == null) {
            throw new IllegalArgumentException("No control plane for " + site);
        }
        return p;
    }

    /** A client of {@code site}'s API server as {@code who} ({@link ClusterCredentials#ADMIN}, ...). */
    public KubernetesClient client(String site, String who) {
        Config config = get(site).credentials().clientConfig(who);
        config.setConnectionTimeout(2_000);
        config.setRequestTimeout(10_000);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Every site's control plane, in the sites' order (regions first). */
    public Map<String, ControlPlane> all() {
        return java.util.Collections.unmodifiableMap(planes);
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        planes.values().forEach(p -> stops.add(CompletableFuture.runAsync(p::close)));
        stops.forEach(CompletableFuture::join);
    }
}
