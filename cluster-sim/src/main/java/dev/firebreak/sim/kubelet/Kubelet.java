package dev.firebreak.sim.kubelet;

import dev.firebreak.sim.kubelet.Pod.Phase;
import dev.firebreak.sim.kubelet.ProbeSpec.Kind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One cluster's kubelet: runs each pod's container as a process and probes it as the manifest
 * says. The startup probe gates the others and restarts a container that never starts; readiness
 * decides whether the pod is in its Services' endpoints; a failing liveness probe restarts the
 * container (SIGTERM, then SIGKILL after the grace period); a container that finishes is
 * restarted with the crash-loop back-off. Every restart and readiness change is an event.
 *
 * <p>Over 300 lines on purpose: a container's lifecycle (start, the three probes, restarts and
 * back-off, graceful stop) is one state machine per pod, and it reads best in one place.
 */
public final class Kubelet implements AutoCloseable {

    private final Vertx vertx;
    private final ProcessSpawner spawner;
    private final PodLauncher launcher;
    private final Events events;
    private final Clock clock;
    private final Consumer<Pod> changed;
    private final HttpClient http;
    private final NetClient tcp;
    private final List<Pod> pods = new CopyOnWriteArrayList<>();

    /**
     * {@code changed} is told whenever a pod's state changes: its container started, exited or is
     * waiting to restart, it became ready or stopped being ready (to update endpoints and the pod's
     * status).
     */
    public Kubelet(Vertx vertx, ProcessSpawner spawner, PodLauncher launcher, Events events, Clock clock, Consumer<Pod> changed) {
        this.vertx = vertx;
        this.spawner = spawner;
        this.launcher = launcher;
        this.events = events;
        this.clock = clock;
        this.changed = changed;
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setConnectTimeout(1000)
                .setMaxPoolSize(64));
        this.tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(1000));
    }

    /** Takes charge of {@code pod} and starts its container. */
    public void run(Pod pod) {
        pods.add(pod);
        start(pod);
    }

    public List<Pod> pods() {
        return List.copyOf(pods);
    }

    /** Power loss: every container gets SIGKILL at once and nothing restarts them. */
    public void powerLoss() {
        for (Pod pod : pods) {
            Process p;
            synchronized (pod) {
                pod.generation++;
                pod.phase = Phase.LOST;
                clear(pod);
                p = pod.process;
            }
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            changed.accept(pod);
        }
        awaitExit(Duration.ofSeconds(10));
        pods.forEach(p -> events.warning(p.ref(), "NodeNotReady", "Power lost: container killed"));
    }

    /**
     * One container dies (SIGKILL), as when its node's OOM killer or a chaos tool takes it: the
     * kubelet notices and restarts it with the usual back-off.
     */
    public void killContainer(Pod pod) {
        Process p;
        synchronized (pod) {
            p = pod.process;
        }
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(pod.ref() + " has no running container");
        }
        events.warning(pod.ref(), "Killed", "Container " + pod.container().getName() + " killed (SIGKILL)");
        p.destroyForcibly();
    }

    /** Power is back: every pod starts again, without carrying over back-off. */
    public void powerOn() {
        for (Pod pod : pods) {
            synchronized (pod) {
                if (pod.phase != Phase.LOST) {
                    continue;
                }
                pod.restarts++;
                pod.backOff.reset();
            }
            start(pod);
        }
    }

    /**
     * Stops one pod as for its deletion ({@code kubectl delete pod}): SIGTERM, SIGKILL after
     * {@code grace}; the pod is forgotten. Completes when its process has ended.
     */
    public java.util.concurrent.CompletableFuture<Void> stop(Pod pod, Duration grace) {
        Process p = terminate(pod);
        pods.remove(pod);
        changed.accept(pod);
        if (p == null || !p.isAlive()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        events.normal(pod.ref(), "Killing", "Stopping container " + pod.container().getName() + " (grace period " + grace.toSeconds() + " s)");
        p.destroy();
        long timer = vertx.setTimer(Math.max(1, grace.toMillis()), t -> {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        });
        return p.onExit().thenAccept(done -> {
            vertx.cancelTimer(timer);
            launcher.ended(pod, graceful(done));
        });
    }

    /** Marks {@code pod} terminated (its probes and timers end, nothing restarts it) and returns its process, if any. */
    private Process terminate(Pod pod) {
        synchronized (pod) {
            pod.generation++;
            pod.phase = Phase.TERMINATED;
            clear(pod);
            return pod.process;
        }
    }

    /** Stops every pod as {@code kubectl delete} would: SIGTERM, SIGKILL after the grace period. */
    public void stopAll() {
        for (Pod pod : pods) {
            Process p = terminate(pod);
            changed.accept(pod);
            if (p != null) {
                p.destroy();
            }
        }
        int grace = pods.stream().mapToInt(Pod::terminationGraceSeconds).max().orElse(0);
        awaitExit(Duration.ofSeconds(Math.max(1, grace)));
        for (Pod pod : pods) {
            if (pod.process != null && pod.process.isAlive()) {
                pod.process.destroyForcibly();
            }
        }
        awaitExit(Duration.ofSeconds(10));
        for (Pod pod : pods) {
            if (pod.process != null && !pod.process.isAlive()) {
                launcher.ended(pod, graceful(pod.process));
            }
        }
    }

    /** Exited by itself or on SIGTERM (the JVM's 143), as opposed to SIGKILL. */
    private static boolean graceful(Process p) {
        int code = p.exitValue();
        return code == 0 || code == 143;
    }

    private void awaitExit(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Pod pod : pods) {
            Process p = pod.process;
            if (p == null) {
                continue;
            }
            try {
                p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void start(Pod pod) {
        ProbeSpec startup = ProbeSpec.of(Kind.STARTUP, pod.container());
        ProbeSpec readiness = ProbeSpec.of(Kind.READINESS, pod.container());
        ProbeSpec liveness = ProbeSpec.of(Kind.LIVENESS, pod.container());
        int gen;
        synchronized (pod) {
            gen = ++pod.generation;
            pod.phase = Phase.RUNNING;
            pod.startedAt = clock.instant();
            pod.started = startup == null;
            pod.ready = false;
            pod.live = true;
            pod.startup = startup == null ? null : new ProbeTracker(1, startup.failureThreshold(), false);
            pod.readiness = readiness == null ? null : new ProbeTracker(readiness.successThreshold(), readiness.failureThreshold(), false);
            pod.liveness = liveness == null ? null : new ProbeTracker(1, liveness.failureThreshold(), true);
        }
        marker(pod);
        Process process = spawner.spawn(launcher.command(pod), processEnv(pod), pod.root(), pod.log());
        synchronized (pod) {
            pod.process = process;
        }
        events.normal(pod.ref(), "Started", "Started container " + pod.container().getName() + " (pid " + process.pid() + ")");
        changed.accept(pod);
        process.onExit().thenRun(() -> {
            launcher.ended(pod, graceful(process));
            vertx.runOnContext(v -> exited(pod, gen, process));
        });
        for (ProbeSpec spec : new ProbeSpec[] {startup, readiness, liveness}) {
            if (spec != null) {
                vertx.setTimer(Math.max(1, spec.initialDelay().toMillis()), t -> tick(pod, gen, spec));
            }
        }
        if (startup == null) {
            started(pod, gen);
        }
    }

    /** The startup probe succeeded (or there is none): without a readiness probe, that makes the pod ready. */
    private void started(Pod pod, int gen) {
        boolean becameReady = false;
        Process process;
        synchronized (pod) {
            if (pod.generation != gen) {
                return;
            }
            pod.started = true;
            process = pod.process;
            if (pod.readiness == null) {
                pod.ready = true;
                becameReady = true;
            }
        }
        if (process != null) {
            launcher.started(pod, process);
        }
        if (becameReady) {
            events.normal(pod.ref(), "Ready", "Started, no readiness probe: added to its Services' endpoints");
            changed.accept(pod);
        }
    }

    private void tick(Pod pod, int gen, ProbeSpec spec) {
        boolean gated;
        synchronized (pod) {
            if (pod.generation != gen || pod.phase != Phase.RUNNING) {
                return;
            }
            if (spec.kind() == Kind.STARTUP && pod.started) {
                return; // a startup probe stops once it has succeeded
            }
            gated = spec.kind() != Kind.STARTUP && !pod.started;
        }
        if (gated) {
            vertx.setTimer(spec.period().toMillis(), t -> tick(pod, gen, spec));
            return;
        }
        probe(pod, spec).onComplete(ar -> {
            String failure = ar.succeeded() ? ar.result() : describe(pod, spec, ar.cause());
            observe(pod, gen, spec, failure);
            vertx.setTimer(spec.period().toMillis(), t -> tick(pod, gen, spec));
        });
    }

    /** Applies one probe outcome ({@code failure} null on success) to the pod, as the kubelet does. */
    private void observe(Pod pod, int gen, ProbeSpec spec, String failure) {
        boolean ok = failure == null;
        boolean restart = false;
        boolean readinessFlip = false;
        boolean nowReady = false;
        int failures;
        synchronized (pod) {
            if (pod.generation != gen || pod.phase != Phase.RUNNING) {
                return;
            }
            switch (spec.kind()) {
                case STARTUP -> {
                    pod.startup.record(ok);
                    restart = !ok && pod.startup.failures() >= spec.failureThreshold();
                }
                case READINESS -> {
                    readinessFlip = pod.readiness.record(ok);
                    pod.ready = pod.readiness.result();
                    nowReady = pod.ready;
                }
                case LIVENESS -> {
                    restart = pod.liveness.record(ok) && !pod.liveness.result();
                    pod.live = pod.liveness.result();
                }
            }
            failures = spec.kind() == Kind.STARTUP ? pod.startup.failures() : 0;
        }
        if (ok && spec.kind() == Kind.STARTUP) {
            started(pod, gen);
        }
        if (!ok && spec.kind() != Kind.READINESS) {
            events.warning(pod.ref(), "Unhealthy", spec.kind().label() + " probe failed: " + failure
                    + (spec.kind() == Kind.STARTUP ? " (" + failures + " of " + spec.failureThreshold() + ")" : ""));
        }
        if (readinessFlip) {
            if (nowReady) {
                events.normal(pod.ref(), "Ready", "Readiness probe succeeded: added to its Services' endpoints");
            } else {
                events.warning(pod.ref(), "NotReady", "Readiness probe failed " + spec.failureThreshold() + "x (" + failure
                        + "): removed from its Services' endpoints");
            }
            changed.accept(pod);
        }
        if (restart) {
            events.normal(pod.ref(), "Killing", "Container " + pod.container().getName() + " failed " + spec.kind().label().toLowerCase()
                    + " probe, will be restarted");
            kill(pod, gen);
        }
    }

    /** Ends a container as the kubelet does: SIGTERM, then SIGKILL after the pod's grace period. */
    private void kill(Pod pod, int gen) {
        Process p;
        synchronized (pod) {
            if (pod.generation != gen) {
                return;
            }
            clear(pod);
            p = pod.process;
        }
        changed.accept(pod);
        p.destroy();
        vertx.setTimer(Math.max(1, pod.terminationGraceSeconds() * 1000L), t -> {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        });
    }

    private void exited(Pod pod, int gen, Process process) {
        Instant finishedAt = clock.instant();
        Duration delay;
        synchronized (pod) {
            pod.lastExitCode = process.exitValue();
            pod.lastFinishedAt = finishedAt;
            if (pod.generation != gen) {
                return; // stopped or lost on purpose
            }
            pod.phase = Phase.BACK_OFF;
            clear(pod);
            delay = pod.backOff.delayFor(finishedAt);
        }
        changed.accept(pod);
        events.warning(pod.ref(), "Exited", "Container " + pod.container().getName() + " exited with code " + process.exitValue());
        if (!delay.isZero()) {
            events.warning(pod.ref(), "BackOff", "Back-off restarting failed container: next start in " + delay.toSeconds() + " s");
        }
        vertx.setTimer(Math.max(1, delay.toMillis()), t -> vertx.executeBlocking(() -> {
            synchronized (pod) {
                if (pod.generation != gen || pod.phase != Phase.BACK_OFF) {
                    return null;
                }
                pod.restarts++;
            }
            start(pod);
            return null;
        }, false));
    }

    private static void clear(Pod pod) {
        pod.ready = false;
        pod.live = false;
        pod.started = false;
    }

    /** Completes with null on success, or with the reason the probe failed. */
    private Future<String> probe(Pod pod, ProbeSpec spec) {
        long timeout = spec.timeout().toMillis();
        if (!spec.http()) {
            return tcp.connect(spec.port(), pod.ip()).map(socket -> {
                socket.close();
                return (String) null;
            });
        }
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(pod.ip()).setPort(spec.port())
                        .setURI(spec.path()).setConnectTimeout(timeout).setIdleTimeout(timeout).putHeader("User-Agent", "kube-probe/sim"))
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(body -> resp.statusCode() >= 200 && resp.statusCode() < 400 ? null
                        : "HTTP probe failed with statuscode: " + resp.statusCode()));
    }

    private static String describe(Pod pod, ProbeSpec spec, Throwable cause) {
        String target = spec.http() ? "Get \"http://" + pod.ip() + ":" + spec.port() + spec.path() + "\"" : "dial tcp " + pod.ip() + ":" + spec.port();
        return target + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private Map<String, String> processEnv(Pod pod) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOSTNAME", pod.name());
        env.put("HOME", pod.root().toString());
        env.putAll(pod.env());
        return env;
    }

    private void marker(Pod pod) {
        try {
            Files.createDirectories(pod.log().getParent());
            Files.writeString(pod.log(), "==== cluster-sim: " + clock.instant() + " starting " + pod.ref() + " (restarts " + pod.restarts
                    + ")\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopAll();
        http.close();
        tcp.close();
    }
}
