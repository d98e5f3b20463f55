package dev.firebreak.status.service;

import dev.firebreak.status.client.TargetClient;
import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.Probe;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import dev.firebreak.status.edge.EdgeClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/** Polls every target in parallel on a schedule and feeds the {@link StatusBoard}. */
@ApplicationScoped
public class StatusPoller {

    private static final Logger LOG = Logger.getLogger(StatusPoller.class);

    private final StatusConfig config;
    private final TargetClient client;
    private final StatusBoard board;
    private final EdgeClient edgeClient;
    private final EdgeWatch edge;
    private final FunctionTracker functions;
    private final ExecutorService executor;

    public StatusPoller(StatusConfig config, TargetClient client, StatusBoard board, EdgeClient edgeClient, EdgeWatch edge,
            FunctionTracker functions) {
        this.config = config;
        this.client = client;
        this.board = board;
        this.edgeClient = edgeClient;
        this.edge = edge;
        this.functions = functions;
        this.executor = Executors.newFixedThreadPool(Math.max(1, Math.min(16, config.targets().size() + 1)), r -> {
            Thread t = new Thread(r, "status-probe");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(identity = "status-poller", every = "${status.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        pollOnce();
    }

    /**
     * One round: every target and the edge probed at most once, each bounded by the probe
     * timeout; then each function's state, uptime and the incident log move on.
     *
     * <p>A target that did not answer in time is checked against the edge's own view of the same
     * service, read again at the end of the round so it is as fresh as the timeout: when the edge
     * fails it too, that confirms the loss at once (see {@link StatusBoard#record(String, Probe, boolean)}).
     */
    public void pollOnce() {
        long start = System.nanoTime();
        Map<String, Long> took = new ConcurrentHashMap<>();
        Map<String, Probe> probes = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> round = new ArrayList<>(config.targets().entrySet().stream()
                .map(e -> CompletableFuture.runAsync(() -> {
                    long t = System.nanoTime();
                    probes.put(e.getKey(), probe(e.getKey(), e.getValue()));
                    took.put(e.getKey(), (System.nanoTime() - t) / 1_000_000);
                }, executor))
                .toList());
        round.add(CompletableFuture.runAsync(() -> {
            long t = System.nanoTime();
            pollEdge();
            took.put(EdgeWatch.TARGET, (System.nanoTime() - t) / 1_000_000);
        }, executor));
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
        // Only a target still counted as up can be confirmed lost: one already down needs no second opinion.
        if (probes.entrySet().stream().anyMatch(p -> p.getValue().noAnswer() && board.serving(p.getKey())) && edge.answering()) {
            long t = System.nanoTime();
            pollEdge();
            took.put(EdgeWatch.TARGET + "-again", (System.nanoTime() - t) / 1_000_000);
        }
        new TreeMap<>(probes).forEach((name, probe) -> {
            StatusConfig.Target target = config.targets().get(name);
            board.record(name, probe, probe.noAnswer() && edge.failsChecks(target.region(), target.service()));
        });
        board.pollFinished();
        functions.update();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > 2 * config.probeTimeout().toMillis()) {
            // Each probe is bounded by the probe timeout: a round much longer means this process was starved or stuck.
            LOG.warnf("Polling round took %d ms (probes: %s)", ms, took);
        }
    }

    /**
     * The deliberate fallback: a target that does not answer is recorded as UNREACHABLE with the
     * reason, which is itself the news a status page must show.
     */
    private Probe probe(String name, StatusConfig.Target target) {
        long start = System.nanoTime();
        try {
            return client.probe(name, target);
        } catch (Exception e) {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            String why = CallFailures.describe(e, elapsed);
            LOG.debugf("Target %s unreachable: %s", name, why);
            return CallFailures.timedOut(e) ? Probe.noAnswer(why, elapsed) : Probe.unreachable(why, elapsed);
        }
    }

    /** Reads the edge's view and its new decisions; a failure counts against the edge (EdgeWatch's rule). Blocking, bounded by the probe timeout. */
    private void pollEdge() {
        if (!edge.configured()) {
            return;
        }
        long start = System.nanoTime();
        Optional<EdgeWatch.News> news;
        try {
            news = edge.seen(edgeClient.read(edge.lastSeqSeen()));
        } catch (Exception e) {
            news = edge.unreachable(CallFailures.describe(e, (System.nanoTime() - start) / 1_000_000), CallFailures.timedOut(e));
        }
        news.ifPresent(n -> board.note(EdgeWatch.TARGET, "global", EdgeWatch.TARGET, n.kind(), n.detail(), n.afterSeconds()));
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
