package dev.firebreak.status.service;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.edge.EdgeApi;
import dev.firebreak.status.edge.EdgeClient;
import dev.firebreak.status.model.Change;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.Health;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What status-svc knows of the edge: where it sends each service's clients, where the database
 * primary is, each region's database as the witness sees it, and every decision it logs. The edge
 * lives in a third failure domain; when it stops answering, that is itself news (a
 * {@link Change.Kind#EDGE_DOWN}), and the page goes on showing the regions from status-svc's own
 * probes. {@link StatusPoller} reads the edge through {@link EdgeClient} and writes the news this
 * class returns to the board.
 */
@ApplicationScoped
public class EdgeWatch {

    /** Name the edge has among status-svc's changes. */
    public static final String TARGET = "edge";

    /** A change in whether the edge answers, for the board. */
    public record News(Change.Kind kind, String detail, Long afterSeconds) {
    }

    private final Clock clock;
    private final String url;
    private final int eventLimit;
    private final Suspicion suspicion;
    private final Deque<EdgeApi.Event> events = new ArrayDeque<>();
    private Health health = Health.UNKNOWN;
    private Instant since;
    private String error;
    private EdgeApi.Regions last;
    private long lastSeq;

    public EdgeWatch(StatusConfig config, EdgeClient client, Clock clock) {
        this.clock = clock;
        this.url = client.url().orElse(null);
        this.eventLimit = config.edge().eventLimit();
        this.suspicion = new Suspicion(config.probeFall());
        this.since = clock.instant();
    }

    public boolean configured() {
        return url != null;
    }

    /** Whether the edge answered its last poll (or is only suspected of not answering). */
    public synchronized boolean answering() {
        return url != null && health == Health.UP;
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

    /** The last decision seen: the next read asks for the ones after it. */
    synchronized long lastSeqSeen() {
        return lastSeq;
    }

    /** The edge answered; news when it had not been answering. */
    synchronized Optional<News> seen(EdgeApi.Reading reading) {
        Instant now = clock.instant();
        News news = null;
        if (health != Health.UP) {
            if (health == Health.UNREACHABLE) {
                long lasted = Duration.between(since, now).toSeconds();
                news = new News(Change.Kind.EDGE_UP, "The edge answers again after " + lasted + " s", lasted);
            }
            health = Health.UP;
            since = now;
        }
        error = null;
        suspicion.answered();
        last = reading.regions();
        for (EdgeApi.Event e : reading.events()) {
            if (e.seq() > lastSeq) {
                events.addFirst(e);
                lastSeq = e.seq();
            }
        }
        while (events.size() > eventLimit) {
            events.removeLast();
        }
        return Optional.ofNullable(news);
    }

    /**
     * The edge did not answer: a refusal marks it unreachable at once; timeouts do after
     * {@code status.probe-fall} in a row. News when it goes from answering to not.
     */
    synchronized Optional<News> unreachable(String why, boolean timedOut) {
        Instant now = clock.instant();
        error = why;
        if (suspicion.onlySuspected(timedOut, health == Health.UP, false)) {
            return Optional.empty();
        }
        News news = null;
        if (health != Health.UNREACHABLE) {
            Long lasted = health == Health.UP ? Duration.between(since, now).toSeconds() : null;
            news = new News(Change.Kind.EDGE_DOWN, "The edge is not answering: " + why, lasted);
            health = Health.UNREACHABLE;
            since = now;
        }
        return Optional.ofNullable(news);
    }
    /** What the edge last said, and whether it still says anything. */
    public synchronized EdgeView view() {
        if (url == null) {
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
}
