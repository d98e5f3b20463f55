package dev.firebreak.sim.controlplane;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.topology.Site;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One site's Kubernetes control plane, as kubeadm lays it out on a control-plane node: etcd, the
 * API server, the controller manager and the scheduler, each a process of the site, started in
 * that order and each waited for. A power loss kills all four at once (SIGKILL); power back starts
 * them again on the same etcd data, so the cluster remembers everything it had, as a rebooted
 * control-plane node does.
 * <p>
 * Differences from a kubeadm cluster, all on one machine: etcd speaks plain HTTP on its loopback
 * address (a kubeadm cluster's etcd uses TLS); the API server's {@code kubernetes} Service has no
 * endpoints ({@code --endpoint-reconciler-type=none}: its address is a loopback one, which
 * Endpoints refuse), and nothing in the pods calls the API server; leader election is off (one
 * replica of each).
 */
public final class ControlPlane implements AutoCloseable {

    /** Where the API server listens. */
    public static final int API_PORT = 6443;
    /** The range the API server gives ClusterIPs from; nothing listens there: Services are the simulator's own addresses. */
    public static final String SERVICE_CIDR = "10.96.0.0/16";
    static final String KUBERNETES_SERVICE_IP = "10.96.0.1";

    private final Site site;
    private final ControlPlaneAddresses addresses;
    private final KubernetesBinaries binaries;
    private final Path dir;
    private final ProcessSpawner spawner;
    private final Events events;
    private final ClusterCredentials credentials;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private volatile boolean running;
    /** While the site has no power: its API server's address accepts and never answers. */
    private SilentAddress silent;

    private ControlPlane(Site site, ControlPlaneAddresses addresses, KubernetesBinaries binaries, Path dir, ProcessSpawner spawner,
            Events events, ClusterCredentials credentials) {
        this.site = site;
        this.addresses = addresses;
        this.binaries = binaries;
        this.dir = dir;
        this.spawner = spawner;
        this.events = events;
        this.credentials = credentials;
    }

    /** Makes the site's certificates and kubeconfigs under {@code dir}; starts nothing. */
    public static ControlPlane prepare(Site site, ControlPlaneAddresses addresses, KubernetesBinaries binaries, Path dir,
            ProcessSpawner spawner, Events events) {
        ClusterCredentials credentials = ClusterCredentials.create(site.name(), dir, addresses.apiServerUrl(), addresses.apiServer(),
                KUBERNETES_SERVICE_IP);
        return new ControlPlane(site, addresses, binaries, dir, spawner, events, credentials);
    }

    public ClusterCredentials credentials() {
        return credentials;
    }

    public ControlPlaneAddresses addresses() {
        return addresses;
    }

    public boolean running() {
        return running;
    }

    /** Starts etcd, the API server, the controller manager and the scheduler, waiting for each to be ready. */
    public synchronized void start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (silent != null) {
            silent.close();
            silent = null;
        }
        start("etcd", etcd());
        await("etcd", deadline, () -> listening(addresses.etcd(), ControlPlaneAddresses.ETCD_PORT));
        start("kube-apiserver", apiServer());
        await("kube-apiserver", deadline, this::apiServerReady);
        start("kube-controller-manager", controllerManager());
        start("kube-scheduler", scheduler());
        running = true;
        events.normal(site.name() + "/control-plane", "Started", "etcd, kube-apiserver, kube-controller-manager and kube-scheduler at "
                + addresses.apiServerUrl());
    }

    /** Power loss: every control-plane process dies at once. */
    public synchronized void powerLoss() {
        running = false;
        List<Process> all = new ArrayList<>(processes.values());
        processes.clear();
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        silent = SilentAddress.open(addresses.apiServer(), API_PORT);
    }

    /**
     * Only etcd dies (SIGKILL): the API server goes on answering, but cannot read or write anything
     * ({@code kubectl} gets errors or times out), the way a control plane whose etcd disk failed behaves.
     */
    public synchronized void killEtcd() {
        Process etcd = processes.remove("etcd");
        if (etcd == null) {
            throw new IllegalStateException(site + "'s etcd is not running");
        }
        etcd.destroyForcibly();
        try {
            etcd.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.warning(site.name() + "/control-plane", "EtcdKilled", "etcd killed (SIGKILL); kube-apiserver still answers, without its store");
    }

    /** etcd starts again on its data (if it is not running); the API server reconnects by itself. */
    public synchronized void restoreEtcd(Duration timeout) {
        if (processes.containsKey("etcd")) {
            return; // running already: nothing to undo
        }
        if (!running) {
            throw new IllegalStateException(site + "'s control plane is down: restore the cluster");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        start("etcd", etcd());
        await("etcd", deadline, () -> listening(addresses.etcd(), ControlPlaneAddresses.ETCD_PORT));
        await("kube-apiserver", deadline, this::apiServerReady);
        events.normal(site.name() + "/control-plane", "EtcdStarted", "etcd started again; kube-apiserver is ready");
    }

    /** The processes, for the status and for leaving nothing behind. */
    public synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((name, p) -> pids.put(name, p.pid()));
        return pids;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (silent != null) {
            silent.close();
            silent = null;
        }
        // The scheduler and controller manager first, then the API server, etcd last: as a node shuts down.
        List<String> order = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(order);
        for (String name : order) {
            Process p = processes.get(name);
            p.destroy();
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
    }

    private void start(String name, List<String> command) {
        Path log = dir.resolve("logs").resolve(name + ".log");
        Process p = spawner.spawn(command, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), dir, log);
        processes.put(name, p);
    }

    private List<String> etcd() {
        String host = addresses.etcd();
        String client = "http://" + host + ":" + ControlPlaneAddresses.ETCD_PORT;
        String peer = "http://" + host + ":" + ControlPlaneAddresses.ETCD_PEER_PORT;
        return List.of(binaries.etcd().toString(), "--name", site.name(), "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", site.name() + "=" + peer, "--initial-cluster-state", "new",
                "--quota-backend-bytes", String.valueOf(512L * 1024 * 1024), "--snapshot-count", "10000",
                "--log-level", "warn");
    }

    private List<String> apiServer() {
        ClusterCredentials c = credentials;
        return List.of(binaries.apiServer().toString(),
                "--advertise-address=" + addresses.apiServer(), "--bind-address=" + addresses.apiServer(),
                "--secure-port=" + API_PORT, "--insecure-port=0",
                "--etcd-servers=http://" + addresses.etcd() + ":" + ControlPlaneAddresses.ETCD_PORT,
                "--client-ca-file=" + c.caCert(), "--tls-cert-file=" + c.apiServer().cert(), "--tls-private-key-file=" + c.apiServer().key(),
                "--kubelet-client-certificate=" + c.apiServerKubeletClient().cert(),
                "--kubelet-client-key=" + c.apiServerKubeletClient().key(),
                "--kubelet-preferred-address-types=InternalIP",
                "--service-account-key-file=" + c.serviceAccount().cert(),
                "--service-account-signing-key-file=" + c.serviceAccount().key(),
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
                "--service-cluster-ip-range=" + SERVICE_CIDR, "--endpoint-reconciler-type=none",
                "--allow-privileged=true", "--profiling=false", "--event-ttl=1h", "--v=1");
    }

    private List<String> controllerManager() {
        String kubeconfig = credentials.kubeconfig(ClusterCredentials.CONTROLLER_MANAGER).toString();
        return List.of(binaries.controllerManager().toString(),
                "--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=" + addresses.controllerManager(), "--secure-port=" + ControlPlaneAddresses.CONTROLLER_MANAGER_PORT,
                "--port=0", "--leader-elect=false", "--use-service-account-credentials=true",
                // No legacy Endpoints: their validation refuses the pods' loopback addresses, so the controller would
                // only fail and warn on every readiness change. EndpointSlices carry the endpoints (kube-proxy reads those).
                "--controllers=*,-endpoint",
                "--service-account-private-key-file=" + credentials.serviceAccount().key(), "--root-ca-file=" + credentials.caCert(),
                "--cluster-name=" + site.name(), "--profiling=false", "--v=1");
    }

    private List<String> scheduler() {
        String kubeconfig = credentials.kubeconfig(ClusterCredentials.SCHEDULER).toString();
        return List.of(binaries.scheduler().toString(),
                "--kubeconfig=" + kubeconfig, "--authentication-kubeconfig=" + kubeconfig, "--authorization-kubeconfig=" + kubeconfig,
                "--bind-address=" + addresses.scheduler(), "--secure-port=" + ControlPlaneAddresses.SCHEDULER_PORT,
                "--port=0", "--leader-elect=false", "--profiling=false", "--v=1");
    }

    private boolean apiServerReady() {
        try {
            HttpResponse<String> r = credentials.httpClient().send(HttpRequest.newBuilder(URI.create(addresses.apiServerUrl() + "/readyz"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void await(String what, long deadline, java.util.function.BooleanSupplier ready) {
        while (!ready.getAsBoolean()) {
            Process p = processes.get(what);
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(site + "'s " + what + " exited (" + p.exitValue() + "): see "
                        + dir.resolve("logs").resolve(what + ".log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(site + "'s " + what + " is not ready in time: see " + dir.resolve("logs").resolve(what + ".log"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
