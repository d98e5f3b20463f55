package dev.firebreak.edge.witness;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.edge.config.EdgeConfig;
import dev.firebreak.edge.events.EdgeEvents;
import dev.firebreak.edge.events.EdgeEvents.Kind;
import dev.firebreak.edge.health.RegionHealth;
import dev.firebreak.edge.witness.FailoverPolicy.Decision;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The failover witness in the global site: it watches both regions' databases over the WAN (one
 * observer thread per region, so a dead region never slows the view of the live one), applies
 * {@link FailoverPolicy} every {@code edge.witness.interval}, keeps its decisions durable in
 * {@link WitnessStateStore} before acting on them, and records every decision as an event.
 */
@ApplicationScoped
public class Witness {

    private static final Logger LOG = Logger.getLogger(Witness.class);
    private static final Duration NEVER = Duration.ofDays(3650);

    /** The latest of one region as seen by its observer. */
    private record Latest(DatabaseView view, Instant seenAt, Instant replicationSilentSince, String error) {
    }

    /** What {@code GET /edge/regions} shows of the witness. */
    public record Snapshot(boolean enabled, WitnessState state, Map<String, RegionView> regions, String lastDecision) {
    }

    /** One region's database as the witness sees it now. */
    public record RegionView(boolean reachable, String role, String replication, Long lagBytes, Long silenceMs, String error) {
    }

    private final EdgeConfig config;
    private final EdgeEvents events;
    private final RegionHealth health;
    private final OperatorClient operator;
    private final Clock clock;
    private final FailoverPolicy policy;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final ExecutorService rejoins = Executors.newSingleThreadExecutor(r -> daemon(r, "witness-rejoin"));
    private Map<String, DatabaseObserver> observers = Map.of();
    private WitnessStateStore store;
    private volatile WitnessState state;
    private volatile String lastDecision = "not started";
    private volatile String lastRepeated;
    private volatile boolean running;

    public Witness(EdgeConfig config, EdgeEvents events, RegionHealth health, OperatorClient operator, Clock clock) {
        this.config = config;
        this.events = events;
        this.health = health;
        this.operator = operator;
        this.clock = clock;
        EdgeConfig.Witness w = config.witness();
        this.policy = new FailoverPolicy(new FailoverPolicy.Settings(w.grace(), w.replicationSilence(), w.upstreamSilence(),
                w.rejoinAfter()));
    }

    void start(@Observes StartupEvent ev) {
        if (!config.witness().enabled()) {
            lastDecision = "disabled (edge.witness.enabled=false)";
            return;
        }
        if (config.regions().size() != 2) {
            throw new IllegalStateException("The witness decides between exactly two regions, not " + config.regions());
        }
        store = new WitnessStateStore(config.witness().stateFile());
        state = store.load().orElse(null);
        if (state != null) {
            health.primaryRegion(state.primary());
            LOG.infof("Witness state loaded: primary %s at epoch %d", state.primary(), state.epoch());
        }
        observers = Map.of(config.regions().get(0), observer(config.regions().get(0)), config.regions().get(1),
                observer(config.regions().get(1)));
        running = true;
        observers.values().forEach(o -> threads.add(start(() -> observeLoop(o), "witness-observe-" + o.region())));
        threads.add(start(this::decideLoop, "witness-decide"));
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        threads.forEach(Thread::interrupt);
        rejoins.shutdownNow();
        observers.values().forEach(DatabaseObserver::close);
    }

    private DatabaseObserver observer(String region) {
        EdgeConfig.Witness w = config.witness();
        return new DatabaseObserver(region, w.databaseUrl().replace("{region}", region), w.databaseUser(), w.databasePassword());
    }

    private void observeLoop(DatabaseObserver observer) {
        while (running) {
            String region = observer.region();
            try {
                DatabaseView view = observer.observe();
                Instant now = clock.instant();
                latest.put(region, new Latest(view, now, replicationSilentSince(view, now), null));
            } catch (SQLException | RuntimeException e) {
                Latest before = latest.get(region);
                latest.put(region, new Latest(before == null ? null : before.view(), before == null ? null : before.seenAt(),
                        before == null ? null : before.replicationSilentSince(), e.getMessage()));
            }
            pause(config.witness().interval());
        }
    }

    /** Since when the region's replication link has been silent, as its database reports it (null: not silent). */
    private Instant replicationSilentSince(DatabaseView view, Instant now) {
        String key = view.region();
        if (view.primary()) {
            String other = config.regions().stream().filter(r -> !r.equals(view.region())).findFirst().orElseThrow();
            Optional<DatabaseView.Standby> standby = view.standby(FailoverPolicy.standbyName(other));
            if (standby.isPresent() && standby.get().streaming()) {
                missingSince.remove(key);
                return now.minusMillis(standby.get().replySilenceMs());
            }
        } else if (view.receiving()) {
            missingSince.remove(key);
            return now.minusMillis(view.upstreamSilenceMs() == null ? 0 : view.upstreamSilenceMs());
        }
        return missingSince.computeIfAbsent(key, k -> now);
    }

    private void decideLoop() {
        while (running) {
            try {
                decideOnce();
            } catch (RuntimeException e) {
                LOG.warn("Witness decision failed; trying again next round", e);
                repeatedEvent(Kind.ALARM, null, "The witness could not act: " + e.getMessage());
            }
            pause(config.witness().interval());
        }
    }

    /** One round: what both regions look like now, what the rules say, and doing it. */
    synchronized void decideOnce() {
        Instant now = clock.instant();
        FailoverPolicy.Observed a = observed(config.regions().get(0), now);
        FailoverPolicy.Observed b = observed(config.regions().get(1), now);
        noticeReachability(a);
        noticeReachability(b);
        Decision decision = policy.decide(state, a, b);
        lastDecision = decision.getClass().getSimpleName() + ": " + decision.reason();
        if (mentionsBusyRegion(decision)) {
            return;
        }
        apply(decision, now);
    }

    private FailoverPolicy.Observed observed(String region, Instant now) {
        Latest l = latest.get(region);
        if (l == null || l.view() == null) {
            return new FailoverPolicy.Observed(region, null, NEVER, NEVER);
        }
        Duration silence = Duration.between(l.seenAt(), now);
        // As of the last time this database answered: what it sees since then is unknown, and a
        // stale view must never look like a standby that has gone quiet (the primary may be dead).
        Duration replication = l.replicationSilentSince() == null ? Duration.ZERO
                : Duration.between(l.replicationSilentSince(), l.seenAt());
        if (replication.isNegative()) {
            replication = Duration.ZERO;
        }
        return new FailoverPolicy.Observed(region, l.view(), silence, replication);
    }

    private void noticeReachability(FailoverPolicy.Observed o) {
        boolean now = o.view() != null && o.silence().compareTo(config.witness().grace()) < 0;
        Boolean before = reachable.put(o.region(), now);
        if (before != null && before != now) {
            Latest l = latest.get(o.region());
            events.record(now ? Kind.DATABASE_REACHABLE : Kind.DATABASE_UNREACHABLE, o.region(), "postgres", now
                    ? "The witness reaches " + o.region() + "'s database again"
                    : "No answer from " + o.region() + "'s database for " + o.silence().toMillis() + " ms"
                            + (l != null && l.error() != null ? " (" + l.error() + ")" : ""));
        }
    }

    private boolean mentionsBusyRegion(Decision d) {
        String region = d instanceof FailoverPolicy.Fence f ? f.region()
                : d instanceof FailoverPolicy.Rejoin r ? r.region()
                : d instanceof FailoverPolicy.Resume r ? r.region()
                : d instanceof FailoverPolicy.RestoreSync r ? r.standby()
                : d instanceof FailoverPolicy.ConfirmSync c ? c.standby()
                : null;
        return region != null && busy.contains(region);
    }

    private void apply(Decision decision, Instant now) {
        try {
            if (decision instanceof FailoverPolicy.Nothing) {
                lastRepeated = null;
            } else if (decision instanceof FailoverPolicy.Adopt a) {
                save(new WitnessState(1, a.primary(), Map.of(a.standby(), a.standbyEligible()), a.standbyEligible() ? null : now, now,
                        a.reason()));
                health.primaryRegion(a.primary());
                events.record(Kind.ADOPTED, a.primary(), "postgres", a.reason());
            } else if (decision instanceof FailoverPolicy.Promote p) {
                events.record(Kind.REGION_LOST, p.lost(), null, p.reason());
                promote(p, now);
            } else if (decision instanceof FailoverPolicy.Refuse r) {
                repeatedEvent(Kind.PROMOTION_REFUSED, r.region(), r.reason());
            } else if (decision instanceof FailoverPolicy.Degrade d) {
                // Durable first: a witness that crashes right after must not promote this standby.
                save(state.withEligible(d.standby(), false, now, now, d.reason()));
                observers.get(d.primary()).synchronousStandby("");
                events.record(Kind.DEGRADED_TO_ASYNC, d.primary(), "postgres", d.reason() + "; commits no longer wait for "
                        + d.standby() + ": writes acknowledged from now on exist in " + d.primary() + " only until it is synchronous again");
            } else if (decision instanceof FailoverPolicy.RestoreSync r) {
                observers.get(r.primary()).synchronousStandby(FailoverPolicy.standbyName(r.standby()));
                LOG.infof("Asked %s to replicate synchronously to %s again: %s", r.primary(), r.standby(), r.reason());
            } else if (decision instanceof FailoverPolicy.ConfirmSync c) {
                Instant since = state.asyncSince();
                save(state.withEligible(c.standby(), true, null, now, c.reason()));
                events.record(Kind.SYNC_RESTORED, state.primary(), "postgres", c.reason() + (since == null ? ""
                        : "; the asynchronous window lasted " + Duration.between(since, now).toMillis() + " ms (from " + since + ")"));
            } else if (decision instanceof FailoverPolicy.Fence f) {
                observers.get(f.region()).synchronousStandby(DatabaseObserver.FENCE);
                events.record(Kind.FENCED, f.region(), "postgres", f.reason() + ": its commits now wait forever; re-seeding it from "
                        + f.primary());
                rejoin(f.region(), f.primary());
            } else if (decision instanceof FailoverPolicy.Resume r) {
                observers.get(r.region()).promote();
                events.record(Kind.RESUMED, r.region(), "postgres", r.reason());
            } else if (decision instanceof FailoverPolicy.Rejoin r) {
                rejoin(r.region(), r.primary());
            } else if (decision instanceof FailoverPolicy.Alarm a) {
                repeatedEvent(Kind.ALARM, null, a.reason());
            }
        } catch (SQLException e) {
            repeatedEvent(Kind.ALARM, null, decision.getClass().getSimpleName() + " failed: " + e.getMessage() + "; retrying");
        }
    }

    /**
     * A planned switchover to {@code to}: the primary stops acknowledging (fenced), {@code to}
     * catches up to its last byte, is promoted, and the old primary is re-seeded as its standby.
     * Both databases must answer and {@code to} must be a synchronous standby: nothing acknowledged is lost.
     */
    public synchronized String switchover(String to) {
        requireRunning(to);
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        Instant now = clock.instant();
        FailoverPolicy.Observed p = observed(from, now);
        FailoverPolicy.Observed s = observed(to, now);
        if (p.view() == null || p.silence().compareTo(config.witness().grace()) >= 0 || s.view() == null
                || s.silence().compareTo(config.witness().grace()) >= 0) {
            throw ProblemException.conflict("switchover-needs-both", "Both databases must answer",
                    "A switchover needs both " + from + " and " + to + " to answer the witness; when the primary is lost the witness "
                            + "fails over by itself, and POST /edge/admin/failover forces it");
        }
        if (!state.eligible(to)) {
            throw ProblemException.conflict("standby-not-synchronous", "The standby is not synchronous",
                    to + " has not been a synchronous standby since " + state.asyncSince() + "; wait until it is (GET /edge/regions)");
        }
        events.record(Kind.ADMIN, to, "postgres", "Switchover to " + to + " requested");
        try {
            observers.get(from).synchronousStandby(DatabaseObserver.FENCE);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) {
                DatabaseView v = observers.get(from).observe();
                var standby = v.standby(FailoverPolicy.standbyName(to));
                if (standby.isPresent() && standby.get().replayLagBytes() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    observers.get(from).synchronousStandby(FailoverPolicy.standbyName(to));
                    throw ProblemException.conflict("standby-not-caught-up", "The standby did not catch up",
                            to + " did not replay everything within 15 s; " + from + " stays primary and synchronous");
                }
                pause(Duration.ofMillis(50));
            }
            promote(new FailoverPolicy.Promote(to, from, "switchover requested by an operator"), clock.instant());
            rejoin(from, to);
            return "Switched over from " + from + " to " + to + " (epoch " + state.epoch() + "); " + from + " is being re-seeded";
        } catch (SQLException e) {
            throw ProblemException.conflict("switchover-failed", "Switchover failed", e.getMessage() + "; see GET /edge/events");
        }
    }

    /**
     * Promotes {@code to} although the rules refused, because its primary is lost and it was not
     * synchronous: writes acknowledged since {@link WitnessState#asyncSince()} are lost. Only with
     * {@code acceptDataLoss}, and only while the primary does not answer.
     */
    public synchronized String failover(String to, boolean acceptDataLoss) {
        requireRunning(to);
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        FailoverPolicy.Observed p = observed(from, clock.instant());
        if (p.view() != null && p.silence().compareTo(config.witness().grace()) < 0) {
            throw ProblemException.conflict("primary-answers", "The primary answers",
                    from + " answers the witness: use POST /edge/admin/switchover, which loses nothing");
        }
        if (!state.eligible(to) && !acceptDataLoss) {
            throw ProblemException.conflict("would-lose-data", "This failover would lose acknowledged writes",
                    to + " has not been synchronous since " + state.asyncSince() + "; repeat with \"acceptDataLoss\": true to promote it anyway");
        }
        events.record(Kind.ADMIN, to, "postgres", "Forced failover to " + to + " requested" + (state.eligible(to) ? ""
                : ", accepting the loss of writes acknowledged since " + state.asyncSince()));
        try {
            promote(new FailoverPolicy.Promote(to, from, "failover forced by an operator"), clock.instant());
            return "Failed over to " + to + " (epoch " + state.epoch() + ")";
        } catch (SQLException e) {
            throw ProblemException.conflict("failover-failed", "Failover failed", e.getMessage());
        }
    }

    private void requireRunning(String region) {
        if (!config.regions().contains(region)) {
            throw ProblemException.notFound("region", region);
        }
        if (!running || state == null) {
            throw ProblemException.conflict("witness-not-ready", "The witness is not ready",
                    config.witness().enabled() ? "It has not seen a primary yet" : "This edge is not the witness (edge.witness.enabled=false)");
        }
    }

    /** Promotes {@code p.region()}: automatically after a region loss, or as an operator's switchover or forced failover. */
    private void promote(FailoverPolicy.Promote p, Instant now) throws SQLException {
        save(state.promoted(p.region(), p.lost(), now, p.reason()));
        health.primaryRegion(p.region());
        long start = System.nanoTime();
        observers.get(p.region()).promote();
        events.record(Kind.PROMOTED, p.region(), "postgres", p.region() + "'s database is the primary (epoch " + state.epoch()
                + "), promoted in " + (System.nanoTime() - start) / 1_000_000 + " ms; " + p.lost() + " must rejoin as its standby");
    }

    private void rejoin(String region, String primary) {
        if (!busy.add(region)) {
            return;
        }
        rejoins.submit(() -> {
            long start = System.nanoTime();
            try {
                operator.rejoin(region, primary);
                events.record(Kind.REJOINED, region, "postgres", region + " was re-seeded from " + primary + " and streams from it ("
                        + (System.nanoTime() - start) / 1_000_000 + " ms)");
            } catch (RuntimeException e) {
                repeatedEvent(Kind.ALARM, region, "Re-seeding " + region + " from " + primary + " failed: " + e.getMessage() + "; retrying");
            } finally {
                busy.remove(region);
            }
        });
    }

    private void save(WitnessState next) {
        store.save(next);
        state = next;
    }

    /** Records an event unless it says what the last repeated one said (a refusal holds for as long as its cause). */
    private void repeatedEvent(Kind kind, String region, String detail) {
        String key = kind + detail;
        if (!key.equals(lastRepeated)) {
            lastRepeated = key;
            events.record(kind, region, "postgres", detail);
        }
    }

    public Snapshot snapshot() {
        Map<String, RegionView> views = new java.util.LinkedHashMap<>();
        Instant now = clock.instant();
        for (String region : config.regions()) {
            Latest l = latest.get(region);
            if (l == null || l.view() == null) {
                views.put(region, new RegionView(false, "unknown", "unknown", null, null, l == null ? null : l.error()));
                continue;
            }
            DatabaseView v = l.view();
            long silence = Duration.between(l.seenAt(), now).toMillis();
            boolean ok = silence < config.witness().grace().toMillis();
            String other = config.regions().stream().filter(r -> !r.equals(region)).findFirst().orElseThrow();
            Long lag = v.primary() ? v.standby(FailoverPolicy.standbyName(other)).map(DatabaseView.Standby::replayLagBytes).orElse(null)
                    : null;
            String replication = v.primary() ? (v.synchronous() ? "sync" : "async") : (v.receiving() ? "streaming" : "not streaming");
            views.put(region, new RegionView(ok, v.primary() ? "primary" : "standby", replication, lag, silence, ok ? null : l.error()));
        }
        return new Snapshot(config.witness().enabled(), state, views, lastDecision);
    }

    private static Thread start(Runnable r, String name) {
        Thread t = daemon(r, name);
        t.start();
        return t;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
