package dev.firebreak.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One replica of a Deployment: its identity (name, address, labels), the container it runs and
 * the environment the kubelet built for it, and its state, which only the {@link Kubelet} changes.
 */
public final class Pod {

    /** Where a pod is in its life. */
    public enum Phase {
        /** The container runs. */
        RUNNING,
        /** The container finished and waits for its restart (crash-loop back-off). */
        BACK_OFF,
        /** Stopped on purpose ({@code down}). */
        TERMINATED,
        /** Its cluster lost power: gone without a trace until the cluster is restored. */
        LOST
    }

    private final String cluster;
    private final String name;
    private final String app;
    private final String ip;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Container container;
    private final Map<String, String> env;
    private final Path root;
    private final Path log;
    private final int terminationGraceSeconds;

    int generation;
    Process process;
    Phase phase = Phase.TERMINATED;
    Instant startedAt;
    int restarts;
    boolean started;
    boolean ready;
    boolean live;
    ProbeTracker startup;
    ProbeTracker readiness;
    ProbeTracker liveness;
    /** How the container last ended (null until it has). */
    Integer lastExitCode;
    Instant lastFinishedAt;
    final RestartBackOff backOff;

    public Pod(String cluster, String name, String app, String ip, Map<String, String> labels, Map<String, String> annotations,
            Container container, Map<String, String> env, Path root, Path log, int terminationGraceSeconds, RestartBackOff backOff) {
        this.cluster = cluster;
        this.name = name;
        this.app = app;
        this.ip = ip;
        this.labels = Map.copyOf(labels);
        this.annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        this.container = container;
        this.env = Map.copyOf(env);
        this.root = root;
        this.log = log;
        this.terminationGraceSeconds = terminationGraceSeconds;
        this.backOff = backOff;
    }

    /**
     * A moment's view of a pod, for status and tests. {@code lastExitCode} and {@code lastFinishedAt}:
     * how its container last ended, if it has.
     */
    public record Snapshot(String cluster, String name, String service, String address, Phase phase, boolean ready, boolean live,
            boolean started, int restarts, Long pid, Instant startedAt, Integer lastExitCode, Instant lastFinishedAt) {
    }

    public synchronized Snapshot snapshot() {
        boolean running = phase == Phase.RUNNING;
        return new Snapshot(cluster, name, app, ip, phase, running && ready, running && live, running && started, restarts,
                process != null && process.isAlive() ? process.pid() : null, running ? startedAt : null, lastExitCode, lastFinishedAt);
    }

    /** {@code <cluster>/<pod>}, as events name it. */
    public String ref() {
        return cluster + "/" + name;
    }

    public String cluster() {
        return cluster;
    }

    public String name() {
        return name;
    }

    /** The Deployment (and so the service) this pod belongs to. */
    public String app() {
        return app;
    }

    public String ip() {
        return ip;
    }

    public Map<String, String> labels() {
        return labels;
    }

    /** The pod template's annotations. */
    public Map<String, String> annotations() {
        return annotations;
    }

    public Container container() {
        return container;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Where the pod's filesystem starts: its mounted volumes are under it. */
    public Path root() {
        return root;
    }

    public Path log() {
        return log;
    }

    public int terminationGraceSeconds() {
        return terminationGraceSeconds;
    }
}
