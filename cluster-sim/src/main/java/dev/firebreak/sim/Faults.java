package dev.firebreak.sim;

import dev.firebreak.sim.cluster.SimulatedCluster;
import dev.firebreak.sim.controlplane.ControlPlanes;
import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.net.LinkFault;
import dev.firebreak.sim.net.Wan;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What can go wrong on the simulated clusters, on purpose: a site's power (its control plane,
 * nodes, pods, database, database operator and links, all at once, as a data-center fire), one
 * pod, one database server, one etcd, one WAN link or one Service's path across it. Each fault is
 * recorded as an event.
 */
public final class Faults {

    /** How long a restored site's control plane may take to serve again. */
    static final Duration CONTROL_PLANE_START = Duration.ofSeconds(90);

    private final Map<String, SimulatedCluster> clusters;
    private final Map<String, RegionDatabase> databases;
    private final ControlPlanes controlPlanes;
    private final Wan wan;
    private final Events events;
    private final Consumer<String> siteStart;
    private final Consumer<String> operatorStop;

    /**
     * @param siteStart starts what runs on a site once its API server serves (node agent, database operator)
     * @param operatorStop stops a region's database operator (it dies with the region's power)
     */
    Faults(Map<String, SimulatedCluster> clusters, Map<String, RegionDatabase> databases, ControlPlanes controlPlanes, Wan wan,
            Events events, Consumer<String> siteStart, Consumer<String> operatorStop) {
        this.clusters = clusters;
        this.databases = databases;
        this.controlPlanes = controlPlanes;
        this.wan = wan;
        this.events = events;
        this.siteStart = siteStart;
        this.operatorStop = operatorStop;
    }

    /**
     * A power loss in {@code cluster}: its links go dark first, then everything of the site dies at
     * once (SIGKILL): its control plane (etcd, API server, controllers, scheduler), its node agent
     * and pods, its database. Nothing of it answers; kubectl against it fails as against a dead cluster.
     */
    public synchronized void kill(String cluster) {
        SimulatedCluster c = cluster(cluster);
        if (!c.powered()) {
            throw new IllegalStateException(cluster + " is already down");
        }
        events.warning(cluster, "PowerLoss", "Cluster " + cluster + " lost power: links blackholed, every process killed");
        for (String peer : wan.peersOf(cluster)) {
            wan.fault(cluster, peer, LinkFault.BLACKHOLE);
        }
        CompletableFuture<Void> operatorKill = CompletableFuture.runAsync(() -> operatorStop.accept(cluster));
        RegionDatabase db = databases.get(cluster);
        CompletableFuture<Void> dbKill = db == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(db::kill);
        CompletableFuture<Void> controlPlaneKill = CompletableFuture.runAsync(() -> controlPlanes.get(cluster).powerLoss());
        c.powerOff();
        dbKill.join();
        controlPlaneKill.join();
        operatorKill.join();
    }

    /**
     * Power is back in {@code cluster}: its database restarts from its data directory (fenced), its
     * pods start again (the runtime remembers them, as a rebooted node's kubelet does), its links
     * heal, and its control plane starts on its etcd data; once that serves, the node agent takes
     * up its nodes and pods again and everything converges without a person's help.
     */
    public synchronized void restore(String cluster) {
        SimulatedCluster c = cluster(cluster);
        if (c.powered()) {
            throw new IllegalStateException(cluster + " is not down");
        }
        events.normal(cluster, "PowerRestored", "Cluster " + cluster + " has power again");
        CompletableFuture<Void> controlPlane = CompletableFuture.runAsync(() -> controlPlanes.get(cluster).start(CONTROL_PLANE_START));
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
        controlPlane.join();
        siteStart.accept(cluster);
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

    /** Switches the fault on the path to one Service between two sites, both ways (kubernetes: the API server). */
    public void linkFault(String siteA, String siteB, String service, LinkFault fault) {
        wan.fault(siteA, siteB, service, fault);
        String link = siteA + "<->" + siteB + " (" + service + ")";
        if (fault == LinkFault.NONE) {
            events.normal(link, "LinkHealed", "WAN path " + link + " carries traffic again");
        } else {
            events.warning(link, "LinkFault", "WAN path " + link + ": " + fault);
        }
    }

    /** Kills only {@code cluster}'s etcd: its API server answers, without its store. */
    public synchronized void killEtcd(String cluster) {
        if (!cluster(cluster).powered()) {
            throw new IllegalStateException(cluster + " has no power");
        }
        controlPlanes.get(cluster).killEtcd();
    }

    /** Starts {@code cluster}'s etcd again. */
    public synchronized void restoreEtcd(String cluster) {
        controlPlanes.get(cluster).restoreEtcd(CONTROL_PLANE_START);
    }

    /** Sets the one-way latency of the WAN link between two sites. */
    public void linkLatency(String siteA, String siteB, Duration latency) {
        wan.latency(siteA, siteB, latency);
        events.normal(siteA + "<->" + siteB, "LinkLatency", "WAN link " + siteA + "<->" + siteB + ": " + latency.toMillis() + " ms each way");
    }

    private RegionDatabase database(String cluster) {
        RegionDatabase db = databases.get(cluster);
        if (db == null) {
            throw new IllegalArgumentException("No database in '" + cluster + "' (databases: " + String.join(", ", databases.keySet()) + ")");
        }
        return db;
    }

    private SimulatedCluster cluster(String name) {
        SimulatedCluster c = clusters.get(name);
        if (c == null) {
            throw new IllegalArgumentException("No cluster named '" + name + "' (clusters: " + String.join(", ", clusters.keySet()) + ")");
        }
        return c;
    }
}
