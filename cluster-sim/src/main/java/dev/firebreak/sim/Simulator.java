package dev.firebreak.sim;

import dev.firebreak.pg.PostgresBinaries;
import dev.firebreak.sim.cluster.ClassDataArchives;
import dev.firebreak.sim.cluster.JarLauncher;
import dev.firebreak.sim.cluster.SimulatedCluster;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.identity.KeySet;
import dev.firebreak.identity.TokenVerifier;
import dev.firebreak.sim.db.DatabaseOperator;
import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.manifest.ClusterManifests;
import dev.firebreak.sim.manifest.LocalImages;
import dev.firebreak.sim.net.LinkFault;
import dev.firebreak.sim.net.Wan;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.HostsFile;
import dev.firebreak.sim.topology.Site;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Region-a, region-b and the global site on one machine, from the overlays under
 * {@code k8s/clusters/}: every cluster's pods, Services and ingress; WAN links between every pair
 * of sites; a PostgreSQL per region, the first region's the primary and the others' synchronous
 * standbys replicating across the WAN. {@link #kill} and {@link #restore} are a power loss and
 * its end.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Simulator.class);

    /**
     * @param replicas pods per Deployment; negative: as many as the manifests say
     * @param addressBase second octet of the loopback addresses ({@link AddressPlan})
     */
    /**
     * @param stateDir everything one run writes (emptied by {@link #prepare})
     * @param cacheDir what outlives runs: the services' class-data archives
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
    private final Map<String, SimulatedCluster> clusters = new LinkedHashMap<>();
    private final Map<String, RegionDatabase> databases = new LinkedHashMap<>();
    private final List<DatabaseOperator> operators = new ArrayList<>();
    private final Map<String, Path> hostsFiles = new LinkedHashMap<>();
    private final Map<String, Map<String, SocketAddress>> gateways = new LinkedHashMap<>();
    private volatile String phase = "starting";
    private volatile String error;
    private final Instant startedAt;

    private Simulator(Options options, Clock clock, List<ClusterSpec> specs) {
        this.options = options;
        this.specs = specs;
        this.clock = clock;
        this.plan = new AddressPlan(options.addressBase());
        this.startedAt = clock.instant();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        this.events = new Events(clock, options.stateDir().resolve("events.log"));
        this.wan = new Wan(vertx, options.wanLatency());
    }

    /** Reads and checks everything (manifests, built services), then prepares a fresh state directory. Starts nothing. */
    public static Simulator prepare(Options options) {
        List<ClusterSpec> specs = check(options);
        resetState(options.stateDir());
        return new Simulator(options, Clock.systemUTC(), specs);
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
     * Brings everything up: the primary database and its synchronous standbys first, so every
     * write the services ever make is replicated; then the pods, a little apart. Returns once every
     * process has started (not once they are ready: see {@link #status}).
     */
    public void up() {
        try {
            LocalSecrets secrets = LocalSecrets.create(options.stateDir().resolve("secrets"), options.identityDir());
            TokenVerifier tokens = new TokenVerifier(KeySet.read(options.identityDir().resolve(KeySet.FILE)));
            LocalImages images = new LocalImages(options.projectRoot());
            ClassDataArchives archives = new ClassDataArchives(options.cacheDir().resolve("cds"));
            JarLauncher launcher = new JarLauncher(images, JarLauncher.currentJava(), hostsFiles::get, archives);
            for (ClusterSpec spec : specs) {
                SimulatedCluster cluster = new SimulatedCluster(spec.site(), spec.manifests(), plan, vertx, spawner, launcher, events, clock);
                Map<String, SocketAddress> extra = new LinkedHashMap<>();
                if (spec.site().region()) {
                    extra.put("postgres", SocketAddress.inetSocketAddress(RegionDatabase.PORT, plan.database(spec.site())));
                    extra.put("postgres-operator", SocketAddress.inetSocketAddress(DatabaseOperator.PORT, plan.operator(spec.site())));
                }
                cluster.openServices(vertx, extra);
                clusters.put(spec.site().name(), cluster);
            }
            openWan();
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
                operators.add(new DatabaseOperator(vertx, db, databases::get, (from, to) -> {
                    SocketAddress gw = gateways.get(from).get("postgres." + to);
                    return new String[] {gw.host(), String.valueOf(gw.port())};
                }, events, plan.operator(db.site()), tokens));
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
            Map<SimulatedCluster, List<Pod>> pods = new LinkedHashMap<>();
            clusters.values().forEach(c -> pods.put(c, c.pods(options.replicas(), secrets, options.stateDir(), clock)));
            startPods(pods);
            phase = "running";
        } catch (RuntimeException e) {
            phase = "failed";
            error = e.getMessage();
            throw e;
        }
    }

    /** Starts every pod, alternating between clusters and a little apart, so two cores are not swamped at once. */
    private void startPods(Map<SimulatedCluster, List<Pod>> pods) {
        int most = pods.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < most; i++) {
            for (var e : pods.entrySet()) {
                if (i < e.getValue().size()) {
                    e.getKey().run(e.getValue().get(i));
                    pause(Duration.ofMillis(100));
                }
            }
        }
    }

    /**
     * One WAN link per pair of sites; within it, a gateway in the calling site for every Service
     * of the other, and each site's hosts file naming its own Services and those gateways.
     */
    private void openWan() {
        for (SimulatedCluster from : clusters.values()) {
            HostsFile hosts = new HostsFile();
            from.addLocalNames(hosts);
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
                        hosts.remoteService(gw, svc.service(), to.site());
                    }
                    wan.open(from.site(), to.site(), svc.service(), gw, svc.port(), svc.host(), svc.port());
                    mine.put(svc.service() + "." + to.site().name(), SocketAddress.inetSocketAddress(svc.port(), gw));
                }
            }
            gateways.put(from.site().name(), mine);
            Path file = options.stateDir().resolve(from.site().name()).resolve("hosts");
            try {
                hosts.write(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            hostsFiles.put(from.site().name(), file);
        }
    }

    /** A power loss in {@code cluster}: its links go dark first, then its pods and database die at once (SIGKILL). */
    public synchronized void kill(String cluster) {
        SimulatedCluster c = cluster(cluster);
        if (!c.powered()) {
            throw new IllegalStateException(cluster + " is already down");
        }
        events.warning(cluster, "PowerLoss", "Cluster " + cluster + " lost power: links blackholed, every process killed");
        for (String peer : wan.peersOf(cluster)) {
            wan.fault(cluster, peer, LinkFault.BLACKHOLE);
        }
        RegionDatabase db = databases.get(cluster);
        CompletableFuture<Void> dbKill = db == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(db::kill);
        c.powerOff();
        dbKill.join();
    }

    /** Power is back in {@code cluster}: its database restarts from its data directory, its pods start, its links heal. */
    public synchronized void restore(String cluster) {
        SimulatedCluster c = cluster(cluster);
        if (c.powered()) {
            throw new IllegalStateException(cluster + " is not down");
        }
        events.normal(cluster, "PowerRestored", "Cluster " + cluster + " has power again");
        RegionDatabase db = databases.get(cluster);
        if (db != null) {
            db.restart();
        }
        c.powerOn();
        for (String peer : wan.peersOf(cluster)) {
            if (clusters.get(peer).powered()) {
                wan.fault(cluster, peer, LinkFault.NONE);
            }
        }
    }

    /** Kills one pod of {@code service} in {@code cluster} (SIGKILL); the kubelet restarts it. Returns its name. */
    public String killPod(String cluster, String service) {
        return cluster(cluster).killPod(service);
    }

    /** Kills only {@code cluster}'s database server (SIGKILL), as a crashed instance. */
    public synchronized void killDatabase(String cluster) {
        RegionDatabase db = database(cluster);
        events.warning(cluster + "/postgres", "Killed", "Database server killed (SIGKILL)");
        db.kill();
    }

    /** Starts {@code cluster}'s database server again (fenced, as after any crash: the witness decides its role). */
    public synchronized void restoreDatabase(String cluster) {
        RegionDatabase db = database(cluster);
        if (db.server().isRunning()) {
            throw new IllegalStateException(cluster + "'s database is running");
        }
        if (!cluster(cluster).powered()) {
            throw new IllegalStateException(cluster + " has no power: restore the cluster");
        }
        events.normal(cluster + "/postgres", "Started", "Database server restarted (fenced until the witness decides)");
        db.restart();
    }

    private RegionDatabase database(String cluster) {
        RegionDatabase db = databases.get(cluster);
        if (db == null) {
            throw new IllegalArgumentException("No database in '" + cluster + "' (databases: " + String.join(", ", databases.keySet()) + ")");
        }
        return db;
    }

    /** Switches the fault on the WAN link between two sites (both ways; a blackhole on one link is a partition). */
    public void linkFault(String siteA, String siteB, LinkFault fault) {
        wan.fault(siteA, siteB, fault);
        String link = siteA + "<->" + siteB;
        if (fault == LinkFault.NONE) {
            events.normal(link, "LinkHealed", "WAN link " + link + " carries traffic again");
        } else {
            events.warning(link, "LinkFault", "WAN link " + link + ": " + fault);
        }
    }

    /** Sets the one-way latency of the WAN link between two sites. */
    public void linkLatency(String siteA, String siteB, Duration latency) {
        wan.latency(siteA, siteB, latency);
        events.normal(siteA + "<->" + siteB, "LinkLatency", "WAN link " + siteA + "<->" + siteB + ": " + latency.toMillis() + " ms each way");
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
        boolean ready = "running".equals(phase) && !pods.isEmpty() && pods.stream().allMatch(SimStatus.PodStatus::ready)
                && dbStates.stream().allMatch(d -> "primary".equals(d.role()) || "sync".equals(d.replication()));
        return new SimStatus(phase, ready, startedAt, error, pods, dbStates,
                clusters.values().stream().map(c -> new SimStatus.ClusterStatus(c.site().name(), c.site().region(), c.powered())).toList(),
                clusters.values().stream().flatMap(c -> c.services().stream().map(s -> new SimStatus.ServiceStatus(c.site().name(),
                        s.service(), s.host() + ":" + s.port(), s.proxy().endpoints().stream().map(e -> e.host() + ":" + e.port()).toList())))
                        .toList(),
                wan.states(), urls);
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

    private SimulatedCluster cluster(String name) {
        SimulatedCluster c = clusters.get(name);
        if (c == null) {
            throw new IllegalArgumentException("No cluster named '" + name + "' (clusters: " + String.join(", ", clusters.keySet()) + ")");
        }
        return c;
    }

    /** Stops everything this simulator started: pods (gracefully), databases, proxies. */
    @Override
    public void close() {
        phase = "stopping";
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        clusters.values().forEach(c -> stops.add(CompletableFuture.runAsync(c::stopPods)));
        databases.values().forEach(d -> stops.add(CompletableFuture.runAsync(d::stop)));
        stops.forEach(CompletableFuture::join);
        operators.forEach(DatabaseOperator::close);
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

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
