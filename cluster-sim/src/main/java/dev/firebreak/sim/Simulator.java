package dev.firebreak.sim;

import dev.firebreak.pg.PostgresBinaries;
import dev.firebreak.sim.cluster.ClassDataArchives;
import dev.firebreak.sim.cluster.JarLauncher;
import dev.firebreak.sim.cluster.SimulatedCluster;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.controlplane.Bootstrap;
import dev.firebreak.sim.controlplane.ClusterCredentials;
import dev.firebreak.sim.controlplane.ControlPlanes;
import dev.firebreak.sim.controlplane.KubernetesBinaries;
import dev.firebreak.sim.controlplane.Kubectl;
import dev.firebreak.sim.db.DatabaseOperator;
import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.manifest.ClusterManifests;
import dev.firebreak.sim.manifest.LocalImages;
import dev.firebreak.sim.net.Wan;
import dev.firebreak.sim.node.SimNode;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.HostsFile;
import dev.firebreak.sim.topology.Site;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Region-a, region-b and the global site on one machine, each a Kubernetes cluster: its own
 * control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler v1.20.2,
 * {@code dev.firebreak.sim.controlplane}), its nodes (the simulator's node agent runs their pods as
 * processes, {@code dev.firebreak.sim.node}), its Services and ingress; WAN links between every
 * pair of sites; a PostgreSQL per region, the first region's the primary and the others'
 * synchronous standbys replicating across the WAN. Everything is deployed as on real clusters,
 * with {@code kubectl apply -k k8s/clusters/<site>}. {@link #faults()} breaks it on purpose.
 *
 * <p>Over 300 lines on purpose: it is the one story of bringing a world up and down, in order
 * (control planes, databases and their operators, WAN, nodes, deploy, status); each step is a
 * short method over rooms of their own ({@code controlplane}, {@code db}, {@code net}, {@code node},
 * {@link Faults} for power, database and link faults).
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Simulator.class);
    /** How long a control plane may take to serve at {@code up}. */
    static final Duration CONTROL_PLANE_START = Duration.ofSeconds(120);

    /**
     * @param stateDir everything one run writes (emptied by {@link #prepare})
     * @param cacheDir what outlives runs: the services' class-data archives
     * @param replicas pods per Deployment that declares more than one; negative: as many as the manifests say
     * @param addressBase second octet of the loopback addresses ({@link AddressPlan})
     */
    public record Options(Path projectRoot, Path stateDir, Path cacheDir, int replicas, int addressBase, Duration wanLatency) {

        public Options {
            if (replicas > 10) {
                throw new IllegalArgumentException("At most 10 replicas per Deployment on one machine, not " + replicas);
            }
        }

        public Path clustersDir() {
            return projectRoot.resolve("k8s/clusters");
        }

        /**
         * The installation's identity, beside the run's state and kept across runs ({@code .firebreak/identity}
         * for the command line: the one {@code ./firebreak token} and {@code ./firebreak dev} use too).
         */
        public Path identityDir() {
            return stateDir.toAbsolutePath().getParent().resolve("identity");
        }

        /** The kubeconfig with a context per site ({@code .firebreak/kubeconfig} for the command line). */
        public Path kubeconfig() {
            return stateDir.toAbsolutePath().getParent().resolve("kubeconfig");
        }
    }

    /** A cluster's manifests and place in the address plan. */
    public record ClusterSpec(Site site, ClusterManifests manifests) {
    }

    private final Options options;
    private final List<ClusterSpec> specs;
    private final Clock clock;
    private final AddressPlan plan;
    private final Vertx vertx;
    private final ProcessSpawner spawner = new ProcessSpawner();
    private final Events events;
    private final Wan wan;
    private final KubernetesBinaries binaries;
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    /** By region name (the order status shows them in); filled while the control planes start, so concurrent. */
    private final Map<String, RegionDatabase> databases = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, DatabaseOperator> operators = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Path> hostsFiles = new LinkedHashMap<>();
    private final Map<String, Map<String, SocketAddress>> gateways = new LinkedHashMap<>();
    private final Map<String, HostsFile> remoteNames = new LinkedHashMap<>();
    private ControlPlanes controlPlanes;
    private Faults faults;
    private volatile String phase = "starting";
    private volatile String error;
    private final Instant startedAt;

    private Simulator(Options options, Clock clock, List<ClusterSpec> specs, KubernetesBinaries binaries) {
        this.options = options;
        this.specs = specs;
        this.clock = clock;
        this.binaries = binaries;
        this.plan = new AddressPlan(options.addressBase());
        this.startedAt = clock.instant();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        this.events = new Events(clock, options.stateDir().resolve("events.log"));
        this.wan = new Wan(vertx, options.wanLatency());
    }

    /** Reads and checks everything (manifests, built services, the control plane's binaries), then prepares a fresh state directory. Starts nothing. */
    public static Simulator prepare(Options options) {
        List<ClusterSpec> specs = check(options);
        KubernetesBinaries binaries = KubernetesBinaries.find(KubernetesBinaries.defaultBinDir());
        resetState(options.stateDir());
        return new Simulator(options, Clock.systemUTC(), specs, binaries);
    }

    /**
     * Reads every cluster's manifests and finds every image's built service, failing with what to
     * do (install kubectl, build a service) before anything starts. Returns the clusters, regions first.
     */
    public static List<ClusterSpec> check(Options options) {
        List<ClusterSpec> specs = readClusters(options.clustersDir());
        LocalImages images = new LocalImages(options.projectRoot());
        specs.forEach(s -> s.manifests().deployments().forEach(d -> d.getSpec().getTemplate().getSpec().getContainers()
                .forEach(c -> images.jarFor(c.getImage()))));
        return specs;
    }

    /**
     * Brings everything up: each site's control plane; each cluster's Services, ingress and WAN
     * links; the primary database and its synchronous standbys, so every write the services ever
     * make is replicated; the node agents; then the deployment, {@code kubectl apply -k} per site.
     * Returns once everything is applied (not once the pods are ready: see {@link #status}).
     */
    public void up() {
        try {
            LocalSecrets secrets = LocalSecrets.create(options.stateDir().resolve("secrets"), options.identityDir());
            controlPlanes = ControlPlanes.prepare(specs.stream().map(ClusterSpec::site).toList(), plan, binaries, options.stateDir(),
                    spawner, events);
            controlPlanes.writeKubeconfig(options.kubeconfig());

            LocalImages images = new LocalImages(options.projectRoot());
            ClassDataArchives archives = new ClassDataArchives(options.cacheDir().resolve("cds"));
            JarLauncher launcher = new JarLauncher(images, JarLauncher.currentJava(), hostsFiles::get, archives);
            for (ClusterSpec spec : specs) {
                SimulatedCluster cluster = new SimulatedCluster(spec.site(), spec.manifests(), plan, vertx, spawner, launcher, events, clock);
                Map<String, SocketAddress> extra = new LinkedHashMap<>();
                if (spec.site().region()) {
                    extra.put("postgres", SocketAddress.inetSocketAddress(RegionDatabase.PORT, plan.database(spec.site())));
                    // The region's API server, for the witness in the global site (kubernetes.<region>.firebreak.internal).
                    extra.put("kubernetes", SocketAddress.inetSocketAddress(dev.firebreak.sim.controlplane.ControlPlane.API_PORT,
                            controlPlanes.get(spec.site().name()).addresses().apiServer()));
                }
                cluster.openServices(extra);
                cluster.onNamesChanged(() -> writeHosts(cluster));
                clusters.put(spec.site().name(), cluster);
            }
            openWan();
            // The databases and the control planes come up side by side: neither needs the other. The
            // overlays are applied (and scaled) before any node exists, so the pods the nodes then run are
            // exactly the ones wanted: none is started only to be scaled away.
            CompletableFuture<Void> dbs = CompletableFuture.runAsync(() -> startDatabases(secrets), daemonThread("databases"));
            controlPlanes.startAll(CONTROL_PLANE_START);
            controlPlanes.bootstrapAll(secrets);
            installOperatorCrds();
            deploy();
            try {
                dbs.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
            faults = new Faults(clusters, databases, controlPlanes, wan, events, this::startSite, this::stopOperator);
            clusters.keySet().forEach(this::startSite);
            phase = "running";
        } catch (RuntimeException e) {
            phase = "failed";
            error = e.getMessage();
            throw e;
        }
    }

    /** Runs each task on a daemon thread of its own, named {@code name}. */
    private static java.util.concurrent.Executor daemonThread(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            t.start();
        };
    }

    /** The primary database first, then its synchronous standbys, each with its operator (which starts with its site). */
    private void startDatabases(LocalSecrets secrets) {
        List<RegionDatabase> regionDbs = new ArrayList<>();
        for (SimulatedCluster c : clusters.values()) {
            if (c.site().region()) {
                RegionDatabase db = new RegionDatabase(c.site(), plan.database(c.site()), dataDir(c.site()),
                        options.stateDir().resolve("logs").resolve(c.site().name()).resolve("postgres.log"), spawner);
                databases.put(c.site().name(), db);
                regionDbs.add(db);
            }
        }
        for (RegionDatabase db : regionDbs) {
            operators.put(db.site().name(), new DatabaseOperator(db, databases::get, (from, to) -> {
                SocketAddress gw = gateways.get(from).get("postgres." + to);
                return new String[] {gw.host(), String.valueOf(gw.port())};
            }, events, clock));
        }
        RegionDatabase primary = regionDbs.get(0);
        primary.startAsPrimary(secrets);
        events.normal(primary.site() + "/postgres", "Started", "Primary started on " + plan.database(primary.site()) + ":" + RegionDatabase.PORT);
        for (RegionDatabase standby : regionDbs.subList(1, regionDbs.size())) {
            SocketAddress gw = gateways.get(standby.site().name()).get("postgres." + primary.site().name());
            standby.startAsStandbyOf(primary, gw.host(), gw.port());
            events.normal(standby.site() + "/postgres", "Started", "Synchronous standby of " + primary.site()
                    + ", streaming across the WAN through " + gw.host() + ":" + gw.port());
        }
    }

    /** The nodes of a site: two per region (one per zone), one for the global site. */
    List<SimNode> nodesOf(Site site) {
        int count = site.region() ? 2 : 1;
        List<SimNode> nodes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            nodes.add(new SimNode(site.name() + "-node-" + (n + 1), site.name(), site.name() + "-zone-" + (char) ('a' + n),
                    plan.node(site, n)));
        }
        return nodes;
    }

    /** What runs on a site once its API server serves: the node agent, and in a region the database operator. */
    private void startSite(String site) {
        SimulatedCluster c = clusters.get(site);
        c.startAgent(nodesOf(c.site()), controlPlanes.get(site).credentials(), options.stateDir(), events, clock);
        DatabaseOperator operator = operators.get(site);
        if (operator != null) {
            operator.start(controlPlanes.client(site, ClusterCredentials.DATABASE_OPERATOR));
        }
    }

    private void stopOperator(String site) {
        DatabaseOperator operator = operators.get(site);
        if (operator != null) {
            operator.stop();
        }
    }

    /**
     * CloudNativePG's CRDs in every region, as its release manifest installs them on a real cluster
     * (k8s/kind/up.sh), before the overlays that declare the regions' {@code Cluster} objects.
     */
    private void installOperatorCrds() {
        Path vendor = options.projectRoot().resolve("k8s/vendor/cloudnative-pg");
        List<Path> crds = List.of(vendor.resolve("postgresql.cnpg.io_clusters.yaml"), vendor.resolve("postgresql.cnpg.io_databases.yaml"));
        for (ClusterSpec spec : specs) {
            if (spec.site().region()) {
                try (var admin = controlPlanes.client(spec.site().name(), ClusterCredentials.ADMIN)) {
                    Bootstrap.installCrds(admin, crds);
                }
                events.normal(spec.site().name(), "Installed", "CloudNativePG's CRDs (k8s/vendor/cloudnative-pg, made fit for v1.20)");
            }
        }
    }

    /**
     * Each region's credential for the witness (the token of its {@code firebreak-witness}
     * ServiceAccount, which the region's overlay declares with its Role) as the Secret
     * {@code witness-api-<region>} of every other site that is not a region: the installer's step on
     * real clusters (k8s/kind/up.sh). The witness reaches each API server across the WAN.
     */
    private void shareWitnessCredentials(List<ClusterSpec> regions, ClusterSpec to) {
        for (ClusterSpec region : regions) {
            String site = region.site().name();
            String token;
            try (var admin = controlPlanes.client(site, ClusterCredentials.ADMIN)) {
                var secret = admin.secrets().inNamespace(ControlPlanes.NAMESPACE).withName("firebreak-witness-token").waitUntilCondition(
                        s -> s != null && s.getData() != null && s.getData().containsKey("token"), 60, java.util.concurrent.TimeUnit.SECONDS);
                token = new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")), java.nio.charset.StandardCharsets.UTF_8);
            }
            String kubeconfig = controlPlanes.get(site).credentials().tokenKubeconfig("https://kubernetes." + site + ".firebreak.internal:"
                    + dev.firebreak.sim.controlplane.ControlPlane.API_PORT, token, ControlPlanes.NAMESPACE);
            try (var admin = controlPlanes.client(to.site().name(), ClusterCredentials.ADMIN)) {
                Bootstrap.kubeconfigSecret(admin, ControlPlanes.NAMESPACE, "witness-api-" + site, kubeconfig);
            }
            events.normal(to.site().name(), "Credential", "Secret witness-api-" + site + ": the token of " + site
                    + "'s ServiceAccount firebreak-witness (Role firebreak-witness: get and patch its Cluster firebreak-db)");
        }
    }

    /**
     * {@code kubectl apply -k k8s/clusters/<site>} for every site, regions first, as a person
     * deploys to real clusters; then, where {@code --replicas} asks for another count than the
     * manifests, {@code kubectl scale} (so the difference is visible with kubectl, and recorded).
     */
    private void deploy() {
        Kubectl kubectl = new Kubectl(options.kubeconfig());
        List<ClusterSpec> regions = specs.stream().filter(s -> s.site().region()).toList();
        for (ClusterSpec spec : specs) {
            if (!spec.site().region()) {
                shareWitnessCredentials(regions, spec);
            }
            Path overlay = options.clustersDir().resolve(spec.site().name());
            kubectl.apply(spec.site().name(), overlay);
            events.normal(spec.site().name(), "Applied", "kubectl apply -k " + options.projectRoot().relativize(overlay));
            for (Deployment d : spec.manifests().deployments()) {
                int declared = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
                int wanted = replicas(declared);
                if (wanted != declared) {
                    Kubectl.Result r = kubectl.run(spec.site().name(), 60, "scale", "deployment/" + d.getMetadata().getName(),
                            "--replicas=" + wanted);
                    if (!r.ok()) {
                        throw new IllegalStateException("kubectl scale deployment/" + d.getMetadata().getName() + " failed: " + r.err().strip());
                    }
                    events.normal(spec.site().name(), "Scaled", "kubectl scale deployment/" + d.getMetadata().getName() + " --replicas="
                            + wanted + " (the manifest says " + declared + ": ./firebreak up --replicas)");
                }
            }
        }
    }

    /** The replicas a Deployment runs with here: {@code --replicas} for those that declare more than one (never a second witness). */
    private int replicas(int declared) {
        return options.replicas() < 0 || declared <= 1 ? declared : options.replicas();
    }

    /**
     * One WAN link per pair of sites; within it, a gateway in the calling site for every Service
     * of the other, and each site's hosts file naming its own Services and those gateways.
     */
    private void openWan() {
        for (SimulatedCluster from : clusters.values()) {
            HostsFile remote = new HostsFile();
            Map<String, SocketAddress> mine = new LinkedHashMap<>();
            int n = 0;
            for (SimulatedCluster to : clusters.values()) {
                if (to == from) {
                    continue;
                }
                Map<String, String> gatewayOfService = new LinkedHashMap<>();
                for (SimulatedCluster.ServiceAddress svc : to.services()) {
                    String gw = gatewayOfService.get(svc.service());
                    if (gw == null) {
                        gw = plan.wanGateway(from.site(), n++);
                        gatewayOfService.put(svc.service(), gw);
                        remote.remoteService(gw, svc.service(), to.site());
                    }
                    wan.open(from.site(), to.site(), svc.service(), gw, svc.port(), svc.host(), svc.port());
                    mine.put(svc.service() + "." + to.site().name(), SocketAddress.inetSocketAddress(svc.port(), gw));
                }
            }
            gateways.put(from.site().name(), mine);
            remoteNames.put(from.site().name(), remote);
            writeHosts(from);
        }
    }

    /** A site's cluster DNS: its own Services and the gateways to every other site's. */
    private synchronized void writeHosts(SimulatedCluster cluster) {
        HostsFile hosts = HostsFile.copyOf(remoteNames.getOrDefault(cluster.site().name(), new HostsFile()));
        cluster.addLocalNames(hosts);
        Path file = options.stateDir().resolve(cluster.site().name()).resolve("hosts");
        try {
            hosts.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hostsFiles.put(cluster.site().name(), file);
    }

    /** Power, pods, databases and links, broken on purpose. */
    public Faults faults() {
        if (faults == null) {
            throw new IllegalStateException("The simulated clusters are not up");
        }
        return faults;
    }

    public SimStatus status() {
        List<SimStatus.PodStatus> pods = clusters.values().stream().flatMap(c -> c.pods().stream()).map(Pod::snapshot)
                .map(s -> new SimStatus.PodStatus(s.cluster(), s.service(), s.name(), s.address(), s.phase().name(), s.ready(), s.live(),
                        s.restarts(), s.pid()))
                .toList();
        List<RegionDatabase> dbs = List.copyOf(databases.values());
        List<RegionDatabase.State> dbStates = dbs.stream().map(d -> d.state(dbs)).toList();
        Map<String, String> urls = new LinkedHashMap<>();
        clusters.values().forEach(c -> c.ingressUrl().ifPresent(u -> urls.put(c.entryPointName(), u)));
        clusters.values().forEach(c -> c.statusPage().ifPresent(e -> urls.put(e.getKey(), e.getValue())));
        boolean ready = "running".equals(phase) && specs.stream().allMatch(s -> readyPods(s.site().name(), pods) >= expectedPods(s))
                && dbStates.stream().allMatch(d -> "primary".equals(d.role()) || "sync".equals(d.replication()));
        return new SimStatus(phase, ready, startedAt, error, pods, dbStates,
                clusters.values().stream().map(c -> new SimStatus.ClusterStatus(c.site().name(), c.site().region(), c.powered())).toList(),
                clusters.values().stream().flatMap(c -> c.services().stream().map(s -> new SimStatus.ServiceStatus(c.site().name(),
                        s.service(), s.host() + ":" + s.port(), s.proxy().endpoints().stream().map(e -> e.host() + ":" + e.port()).toList())))
                        .toList(),
                wan.states(), urls, controlPlanes == null ? List.of() : controlPlanes.all().entrySet().stream()
                        .map(e -> new SimStatus.ControlPlaneStatus(e.getKey(), e.getValue().addresses().apiServerUrl(),
                                ControlPlanes.CONTEXT_PREFIX + e.getKey(), e.getValue().running()))
                        .toList(),
                clusters.values().stream().flatMap(c -> c.nodes().stream().map(n -> new SimStatus.NodeStatus(c.site().name(), n.name(),
                        n.zone(), n.address()))).toList(),
                options.kubeconfig().toString());
    }

    private static long readyPods(String cluster, List<SimStatus.PodStatus> pods) {
        return pods.stream().filter(p -> p.cluster().equals(cluster) && p.ready()).count();
    }

    private int expectedPods(ClusterSpec spec) {
        return spec.manifests().deployments().stream().mapToInt(d -> replicas(Optional.ofNullable(d.getSpec().getReplicas()).orElse(1)))
                .sum();
    }

    public Events events() {
        return events;
    }

    public Wan wan() {
        return wan;
    }

    public Map<String, RegionDatabase> databases() {
        return databases;
    }

    public Options options() {
        return options;
    }

    public ControlPlanes controlPlanes() {
        return controlPlanes;
    }

    /** Stops everything this simulator started: node agents and pods (gracefully), databases, control planes, proxies. */
    @Override
    public void close() {
        phase = "stopping";
        operators.values().forEach(DatabaseOperator::close);
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        clusters.values().forEach(c -> stops.add(CompletableFuture.runAsync(c::stopPods)));
        databases.values().forEach(d -> stops.add(CompletableFuture.runAsync(d::stop)));
        stops.forEach(CompletableFuture::join);
        if (controlPlanes != null) {
            controlPlanes.close();
        }
        clusters.values().forEach(SimulatedCluster::close);
        wan.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        spawner.close();
    }

    /** Where a region's database keeps its data: under /tmp, since PostgreSQL may run as an unprivileged user who cannot enter the project's folder. */
    private Path dataDir(Site site) {
        Path dir = tmpRoot(options.stateDir()).resolve(site.name());
        Path link = options.stateDir().resolve(site.name()).resolve("postgres-data");
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static Path tmpRoot(Path stateDir) {
        return Path.of(System.getProperty("java.io.tmpdir"), "firebreak-sim-" + Integer.toHexString(stateDir.toAbsolutePath().toString().hashCode()));
    }

    /** Reads every overlay under {@code clustersDir}: regions (those with a peer) first, by name, then the others. */
    static List<ClusterSpec> readClusters(Path clustersDir) {
        List<ClusterManifests> manifests = new ArrayList<>();
        try (var dirs = Files.list(clustersDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                manifests.add(ClusterManifests.render(dir.getFileName().toString(), dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the cluster overlays in " + clustersDir, e);
        }
        Function<ClusterManifests, Boolean> isRegion = m -> !"none".equals(m.clusterSettings().getOrDefault("FIREBREAK_PEER", "none"));
        List<ClusterManifests> ordered = manifests.stream()
                .sorted(Comparator.comparing((ClusterManifests m) -> !isRegion.apply(m)).thenComparing(ClusterManifests::cluster)).toList();
        if (ordered.stream().noneMatch(isRegion::apply)) {
            throw new IllegalStateException("No region among the overlays in " + clustersDir);
        }
        List<ClusterSpec> specs = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ClusterManifests m = ordered.get(i);
            specs.add(new ClusterSpec(new Site(m.cluster(), i + 1, isRegion.apply(m)), m));
        }
        return specs;
    }

    private static void resetState(Path stateDir) {
        PostgresBinaries.deleteTree(tmpRoot(stateDir));
        PostgresBinaries.deleteTree(stateDir);
        try {
            Files.createDirectories(stateDir.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + stateDir, e);
        }
    }
}
