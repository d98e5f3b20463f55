package dev.firebreak.status.service;

import dev.firebreak.status.client.TargetClient;
import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.Probe;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/** Polls every target in parallel on a schedule and feeds the {@link StatusBoard}. */
@ApplicationScoped
public class StatusPoller {

    private static final Logger LOG = Logger.getLogger(StatusPoller.class);

    private final StatusConfig config;
    private final TargetClient client;
    private final StatusBoard board;
    private final ExecutorService executor;

    public StatusPoller(StatusConfig config, TargetClient client, StatusBoard board) {
        this.config = config;
        this.client = client;
        this.board = board;
        this.executor = Executors.newFixedThreadPool(Math.max(1, Math.min(16, config.targets().size())), r -> {
            Thread t = new Thread(r, "status-probe");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(identity = "status-poller", every = "${status.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        pollOnce();
    }

    /** One round: every target probed at most once, each bounded by the probe timeout. */
    public void pollOnce() {
        List<CompletableFuture<Void>> round = config.targets().entrySet().stream()
                .map(e -> CompletableFuture.runAsync(() -> board.record(e.getKey(), probe(e.getKey(), e.getValue())), executor))
                .toList();
        CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
        board.pollFinished();
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
            String why = e instanceof CircuitBreakerOpenException ? "probe breaker open after repeated failures"
                    : e instanceof TimeoutException || e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                            ? "no answer within " + config.probeTimeout().toMillis() + " ms"
                    : rootMessage(e);
            LOG.debugf("Target %s unreachable: %s", name, why);
            return Probe.unreachable(why, elapsed);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
