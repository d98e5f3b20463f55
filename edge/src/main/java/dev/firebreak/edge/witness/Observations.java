package dev.firebreak.edge.witness;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the witness last saw of each region, twice over: its database (read-only SQL,
 * {@link DatabaseObserver}) and its CloudNativePG {@code Cluster} through its API server
 * ({@link RegionApi}). Each look is made by a thread of its own, so a dead region never slows the
 * view of the live one; the deciding and the commands read what was last seen, never wait for a look.
 */
final class Observations {

    /** Longer than any silence that matters: a region never seen. */
    static final Duration NEVER = Duration.ofDays(3650);

    /** The latest of one region's database as seen by its observer. */
    record Database(DatabaseView view, Instant seenAt, Instant replicationSilentSince, String error) {
    }

    /** The latest of one region's API server: its Cluster as last read, when, and the last error. */
    record Api(ClusterView cluster, Instant seenAt, String error) {
    }

    private final List<String> regions;
    private final Duration grace;
    private final InstantSource clock;
    private final Map<String, Database> databases = new ConcurrentHashMap<>();
    private final Map<String, Api> apis = new ConcurrentHashMap<>();

    Observations(List<String> regions, Duration grace, InstantSource clock) {
        this.regions = List.copyOf(regions);
        this.grace = grace;
        this.clock = clock;
    }

    /** One look at a region's database; a failure keeps what was seen before, with the error. */
    void look(DatabaseObserver observer) {
        try {
            seen(observer.observe());
        } catch (SQLException | RuntimeException e) {
            unanswered(observer.region(), e.getMessage());
        }
    }

    /** A region's database answered with {@code view}. */
    void seen(DatabaseView view) {
        Instant now = clock.instant();
        databases.put(view.region(), new Database(view, now, replicationSilentSince(view, now), null));
    }

    /** A region's database did not answer: what was seen before stays, with the error. */
    void unanswered(String region, String error) {
        Database before = databases.get(region);
        databases.put(region, new Database(before == null ? null : before.view(), before == null ? null : before.seenAt(),
                before == null ? null : before.replicationSilentSince(), error));
    }

    /** One look at a region's Cluster; a failure keeps what was read before, with the error. */
    void look(RegionApi api) {
        String region = api.region();
        try {
            apis.put(region, new Api(api.read(), clock.instant(), null));
        } catch (RegionApi.Unanswered | RuntimeException e) {
            Api before = apis.get(region);
            apis.put(region, new Api(before == null ? null : before.cluster(), before == null ? null : before.seenAt(), e.getMessage()));
        }
    }

    /** The region's database as last seen (null: never looked). */
    Database database(String region) {
        return databases.get(region);
    }

    /** The region's API server as last read (null: never looked). */
    Api api(String region) {
        return apis.get(region);
    }

    /** A region's Cluster as last read, if its API server answered within the grace period. */
    Optional<ClusterView> seenCluster(String region) {
        Api l = apis.get(region);
        if (l == null || l.cluster() == null || Duration.between(l.seenAt(), clock.instant()).compareTo(grace) >= 0) {
            return Optional.empty();
        }
        return Optional.of(l.cluster());
    }

    /** What {@link FailoverPolicy} is given of a region at {@code now}. */
    FailoverPolicy.Observed observed(String region, Instant now) {
        Api api = apis.get(region);
        ClusterView cluster = api == null ? null : api.cluster();
        Duration apiSilence = api == null || api.seenAt() == null ? NEVER : Duration.between(api.seenAt(), now);
        Database l = databases.get(region);
        if (l == null || l.view() == null) {
            return new FailoverPolicy.Observed(region, null, NEVER, NEVER, cluster, apiSilence);
        }
        Duration silence = Duration.between(l.seenAt(), now);
        // As of the last time this database answered: what it sees since then is unknown, and a
        // stale view must never look like a standby that has gone quiet (the primary may be dead).
        Duration replication = l.replicationSilentSince() == null ? Duration.ZERO
                : Duration.between(l.replicationSilentSince(), l.seenAt());
        if (replication.isNegative()) {
            replication = Duration.ZERO;
        }
        return new FailoverPolicy.Observed(region, l.view(), silence, replication, cluster, apiSilence);
    }

    /** Waits until {@code region}'s database is seen as the primary; false after {@code timeout}. */
    boolean awaitPrimary(String region, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Database l = databases.get(region);
            if (l != null && l.view() != null && l.view().primary()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The other of the two regions. */
    String peerOf(String region) {
        return regions.stream().filter(r -> !r.equals(region)).findFirst().orElseThrow();
    }

    /**
     * Since when the region's replication link has been silent, as its database reports it. While the
     * link streams, its database says when it last heard the other end. Once it no longer streams (a
     * killed server's connections are reset, and its peer's row in pg_stat_replication or
     * pg_stat_wal_receiver is gone) it has heard nothing since it stopped, some time after the
     * previous look: silent since that look when it still streamed then, since the time already
     * counted when it did not stream then either, else (never seen, or a look failed in between)
     * since this one.
     */
    private Instant replicationSilentSince(DatabaseView view, Instant now) {
        Optional<Long> silence = linkSilenceMs(view);
        if (silence.isPresent()) {
            return now.minusMillis(silence.get());
        }
        Database before = databases.get(view.region());
        if (before == null || before.view() == null) {
            return now;
        }
        if (linkSilenceMs(before.view()).isEmpty()) {
            return before.replicationSilentSince();
        }
        return before.error() == null ? before.seenAt() : now;
    }

    /** How long ago the link last carried a message, as {@code view} reports it; empty when it does not stream. */
    private Optional<Long> linkSilenceMs(DatabaseView view) {
        if (view.primary()) {
            return view.standby(FailoverPolicy.standbyName(peerOf(view.region()))).filter(DatabaseView.Standby::streaming)
                    .map(DatabaseView.Standby::replySilenceMs);
        }
        return view.receiving() ? Optional.of(view.upstreamSilenceMs() == null ? 0L : view.upstreamSilenceMs()) : Optional.empty();
    }
}
