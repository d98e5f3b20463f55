package dev.firebreak.status.edge;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.Change;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.service.StatusBoard;
import dev.firebreak.status.service.StatusPoller;
import dev.firebreak.status.service.Suspicion;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches the edge: where it sends each service's clients, where the database primary is, each
 * region's database as the witness sees it, and every decision it logs. The edge lives in a third
 * failure domain; when it stops answering, that is itself news (a {@link Change.Kind#EDGE_DOWN}),
 * and the page goes on showing the regions from status-svc's own probes.
 */
@ApplicationScoped
public class EdgeWatch {

    /** Name the edge has among status-svc's changes. */
    public static final String TARGET = "edge";

    private final StatusBoard board;
    private final Clock clock;
    private final String url;
    private final int eventLimit;
    private final Suspicion suspicion;
    private final EdgeRestClient client;
    private final Deque<EdgeApi.Event> events = new ArrayDeque<>();
    private Health health = Health.UNKNOWN;
    private Instant since;
    private String error;
    private EdgeApi.Regions last;
    private long lastSeq;

    public EdgeWatch(StatusConfig config, StatusBoard board, Clock clock) {
        this.board = board;
        this.clock = clock;
        this.url = config.edge().url().orElse(null);
        this.eventLimit = config.edge().eventLimit();
        this.suspicion = new Suspicion(config.probeFall());
        this.since = clock.instant();
        Duration timeout = config.probeTimeout();
        this.client = url == null ? null : QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(Math.min(1000, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .build(EdgeRestClient.class);
    }

    public boolean configured() {
        return client != null;
    }

    /** Reads the edge's view and its new events; a failure marks the edge unreachable. Blocking, bounded by the probe timeout. */
    public void poll() {
        if (client == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            EdgeApi.Regions regions = client.regions();
            List<EdgeApi.Event> fresh = client.events(lastSeqSeen());
            seen(regions, fresh);
        } catch (Exception e) {
            unreachable(StatusPoller.describe(e, (System.nanoTime() - start) / 1_000_000), StatusPoller.timedOut(e));
        }
    }

    /** Whether the edge answered its last poll (or is only suspected of not answering). */
    public synchronized boolean answering() {
        return client != null && health == Health.UP;
    }

    /**
     * Whether the edge, answering, says its own health checks fail {@code service} in
     * {@code region}: a second, independent observer of the same loss.
     */
    public synchronized boolean failsChecks(String region, String service) {
        if (!answering() || last == null || last.regions() == null) {
            return false;
        }
        return last.regions().stream()
                .filter(r -> r.name().equals(region) && r.services() != null)
                .flatMap(r -> r.services().stream())
                .anyMatch(s -> service.equals(s.service()) && !s.healthy());
    }

    private synchronized long lastSeqSeen() {
        return lastSeq;
    }

    private synchronized void seen(EdgeApi.Regions regions, List<EdgeApi.Event> fresh) {
        Instant now = clock.instant();
        if (health != Health.UP) {
            if (health == Health.UNREACHABLE) {
                long lasted = Duration.between(since, now).toSeconds();
                board.note(TARGET, "global", TARGET, Change.Kind.EDGE_UP, "The edge answers again after " + lasted + " s", lasted);
            }
            health = Health.UP;
            since = now;
        }
        error = null;
        suspicion.answered();
        last = regions;
        for (EdgeApi.Event e : fresh) {
            if (e.seq() > lastSeq) {
                events.addFirst(e);
                lastSeq = e.seq();
            }
        }
        while (events.size() > eventLimit) {
            events.removeLast();
        }
    }

    /** A refusal marks the edge unreachable at once; timeouts do after {@code status.probe-fall} in a row. */
    private synchronized void unreachable(String why, boolean timedOut) {
        Instant now = clock.instant();
        error = why;
        if (suspicion.onlySuspected(timedOut, health == Health.UP, false)) {
            return;
        }
        if (health != Health.UNREACHABLE) {
            Long lasted = health == Health.UP ? Duration.between(since, now).toSeconds() : null;
            board.note(TARGET, "global", TARGET, Change.Kind.EDGE_DOWN, "The edge is not answering: " + why, lasted);
            health = Health.UNREACHABLE;
            since = now;
        }
    }

    /** What the edge last said, and whether it still says anything. */
    public synchronized EdgeView view() {
        if (client == null) {
            return new EdgeView(false, null, Health.UNKNOWN, since, null, null, null, Map.of(), Map.of(), Map.of(), null);
        }
        Map<String, EdgeView.Database> databases = new TreeMap<>();
        Map<String, Boolean> drained = new TreeMap<>();
        if (last != null && last.regions() != null) {
            for (EdgeApi.Region r : last.regions()) {
                drained.put(r.name(), r.drained());
                if (r.database() != null) {
                    EdgeApi.Database d = r.database();
                    databases.put(r.name(), new EdgeView.Database(d.reachable(), d.role(), d.replication(), d.lagBytes(), d.error()));
                }
            }
        }
        return new EdgeView(true, url, health, since, error, last == null ? null : last.preferredRegion(),
                last == null ? null : last.primaryRegion(), last == null || last.serving() == null ? Map.of() : new TreeMap<>(last.serving()),
                databases, drained, last == null ? null : last.at());
    }

    /** The edge's decisions, newest first. */
    public synchronized List<EdgeApi.Event> events(int limit) {
        return events.stream().limit(limit).toList();
    }

    @PreDestroy
    void close() {
        if (client instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }
}
