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
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The failover witness in the global site. It watches each region twice over the WAN, one thread
 * each so a dead region never slows the view of the live one: the database (read-only SQL,
 * {@link DatabaseObserver}) and the Kubernetes API (the CloudNativePG {@code Cluster},
 * {@link RegionApi}). Every {@code edge.witness.interval} it applies {@link FailoverPolicy} and acts
 * through {@link Actuator}, which patches the Cluster objects and leaves the database work to each
 * region's operator; it records every decision, every patch and when the operator was done.
 */
@ApplicationScoped
public class Witness {

    private static final Logger LOG = Logger.getLogger(Witness.class);
    private static final Duration NEVER = Duration.ofDays(3650);
    private static final Duration SWITCHOVER_STEP = Duration.ofSeconds(15);

    /** The latest of one region's database as seen by its observer. */
    private record Latest(DatabaseView view, Instant seenAt, Instant replicationSilentSince, String error) {
    }

    /** The latest of one region's API server: its Cluster as last read, when, and the last error. */
    private record LatestApi(ClusterView cluster, Instant seenAt, String error) {
    }

    /** What {@code GET /edge/regions} shows of the witness. */
    public record Snapshot(boolean enabled, WitnessState state, Map<String, RegionView> regions, String lastDecision) {
    }

    /** One region as the witness sees it now: its database, and its Cluster through its API server. */
    public record RegionView(boolean reachable, String role, String replication, Long lagBytes, Long silenceMs, String error,
            boolean apiReachable, String designatedPrimary, String operatorPhase, String apiError) {
    }

    private final EdgeConfig config;
    private final EdgeEvents events;
    private final RegionHealth health;
    private final Clock clock;
    private final FailoverPolicy policy;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Map<String, LatestApi> latestApi = new ConcurrentHashMap<>();
    private final Map<String, Instant> missingSince = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final Map<String, Boolean> apiReachable = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private Map<String, DatabaseObserver> observers = Map.of();
    private Map<String, RegionApi> apis = Map.of();
    private Actuator actuator;
    private volatile String lastDecision = "not started";
    private volatile String lastRepeated;
    private volatile boolean running;

    public Witness(EdgeConfig config, EdgeEvents events, RegionHealth health, Clock clock) {
        this.config = config;
        this.events = events;
        this.health = health;
        this.clock = clock;
        EdgeConfig.Witness w = config.witness();
        this.policy = new FailoverPolicy(new FailoverPolicy.Settings(w.grace(), w.replicationSilence(), w.upstreamSilence()));
    }

    void start(@Observes StartupEvent ev) {
        if (!config.witness().enabled()) {
            lastDecision = "disabled (edge.witness.enabled=false)";
            return;
        }
        if (config.regions().size() != 2) {
            throw new IllegalStateException("The witness decides between exactly two regions, not " + config.regions());
        }
        Map<String, DatabaseObserver> dbs = new LinkedHashMap<>();
        Map<String, RegionApi> kube = new LinkedHashMap<>();
        for (String region : config.regions()) {
            dbs.put(region, observer(region));
            kube.put(region, RegionApi.fromKubeconfig(region, Path.of(config.witness().regionKubeconfig().replace("{region}", region))));
        }
        observers = dbs;
        apis = kube;
        actuator = new Actuator(Map.copyOf(apis), this::seenCluster, new WitnessStateStore(config.witness().stateFile()),
                (kind, region, detail) -> events.record(kind, region, "postgres", detail), clock);
        WitnessState state = actuator.state();
        if (state != null) {
            health.primaryRegion(state.primary());
            LOG.infof("Witness state loaded: primary %s at epoch %d", state.primary(), state.epoch());
        }
        running = true;
        observers.values().forEach(o -> threads.add(start(() -> observeLoop(o), "witness-observe-" + o.region())));
        apis.values().forEach(a -> threads.add(start(() -> observeApiLoop(a), "witness-api-" + a.region())));
        threads.add(start(this::decideLoop, "witness-decide"));
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        threads.forEach(Thread::interrupt);
        observers.values().forEach(DatabaseObserver::close);
        apis.values().forEach(RegionApi::close);
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

    private void observeApiLoop(RegionApi api) {
        while (running) {
            String region = api.region();
            try {
                ClusterView cluster = api.read();
                latestApi.put(region, new LatestApi(cluster, clock.instant(), null));
            } catch (RegionApi.Unanswered | RuntimeException e) {
                LatestApi before = latestApi.get(region);
                latestApi.put(region, new LatestApi(before == null ? null : before.cluster(), before == null ? null : before.seenAt(),
                        e.getMessage()));
            }
            pause(config.witness().interval());
        }
    }

    /** A region's Cluster as last read, if its API server answered within the grace period. */
    private Optional<ClusterView> seenCluster(String region) {
        LatestApi l = latestApi.get(region);
        if (l == null || l.cluster() == null || Duration.between(l.seenAt(), clock.instant()).compareTo(config.witness().grace()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(l.cluster());
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
        noticeOperators(a, now);
        noticeOperators(b, now);
        Decision decision = policy.decide(actuator.state(), a, b);
        lastDecision = decision.getClass().getSimpleName() + ": " + decision.reason();
        apply(decision, now);
    }

    private FailoverPolicy.Observed observed(String region, Instant now) {
        LatestApi api = latestApi.get(region);
        ClusterView cluster = api == null ? null : api.cluster();
        Duration apiSilence = api == null || api.seenAt() == null ? NEVER : Duration.between(api.seenAt(), now);
        Latest l = latest.get(region);
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

    private void noticeReachability(FailoverPolicy.Observed o) {
        Duration grace = config.witness().grace();
        Latest db = latest.get(o.region());
        noticeChange(reachable, o, "postgres", "database", o.view() != null && o.silence().compareTo(grace) < 0, o.silence(),
                db == null ? null : db.error(), Kind.DATABASE_REACHABLE, Kind.DATABASE_UNREACHABLE);
        LatestApi api = latestApi.get(o.region());
        noticeChange(apiReachable, o, "kube-apiserver", "API server", o.apiSilence().compareTo(grace) < 0, o.apiSilence(),
                api == null ? null : api.error(), Kind.API_REACHABLE, Kind.API_UNREACHABLE);
    }

    /** Records an event when {@code what} of a region changes from reachable to not, or back. */
    private void noticeChange(Map<String, Boolean> seen, FailoverPolicy.Observed o, String service, String what, boolean now,
            Duration silence, String error, Kind back, Kind gone) {
        Boolean before = seen.put(o.region(), now);
        if (before != null && before != now) {
            events.record(now ? back : gone, o.region(), service, now
                    ? "The witness reaches " + o.region() + "'s " + what + " again"
                    : "No answer from " + o.region() + "'s " + what + " for " + silence.toMillis() + " ms"
                            + (error != null ? " (" + error + ")" : ""));
        }
    }

    /** Records when a region's operator has done what the witness's patch asked: the database is primary, or streams again. */
    private void noticeOperators(FailoverPolicy.Observed o, Instant now) {
        Actuator.Pending p = actuator.pending().get(o.region());
        if (p == null || !o.reachable(config.witness().grace())) {
            return;
        }
        long ms = Duration.between(p.patchedAt(), now).toMillis();
        if (p.what().equals("promote") && o.view().primary()) {
            actuator.pending().remove(o.region());
            events.record(Kind.PROMOTED, o.region(), "postgres", o.region() + "'s database is the primary (epoch " + actuator.state().epoch()
                    + "): its operator promoted it " + ms + " ms after the witness's patch");
        } else if (p.what().equals("demote") && o.view().inRecovery() && o.view().receiving()) {
            actuator.pending().remove(o.region());
            events.record(Kind.REJOINED, o.region(), "postgres", o.region() + " streams from " + actuator.state().primary()
                    + ": its operator made it a standby " + ms + " ms after the witness's patch");
        }
    }

    private void apply(Decision decision, Instant now) {
        if (decision instanceof FailoverPolicy.Nothing) {
            lastRepeated = null;
        } else if (decision instanceof FailoverPolicy.Refuse r) {
            repeatedEvent(Kind.PROMOTION_REFUSED, r.region(), r.reason());
        } else if (decision instanceof FailoverPolicy.Alarm a) {
            repeatedEvent(Kind.ALARM, null, a.reason());
        } else if (decision instanceof FailoverPolicy.Adopt a) {
            health.primaryRegion(a.primary());
        } else if (decision instanceof FailoverPolicy.Promote p) {
            events.record(Kind.REGION_LOST, p.lost(), null, p.reason());
            health.primaryRegion(p.region());
        } else if (decision instanceof FailoverPolicy.Designate d && !d.region().equals(d.primary())) {
            events.record(Kind.DEMOTED, d.region(), "postgres", d.reason() + ": designating " + d.primary() + " there");
        }
        try {
            actuator.carryOut(decision, now);
        } catch (RegionApi.Unanswered e) {
            repeatedEvent(Kind.ALARM, null, decision.getClass().getSimpleName() + " failed: " + e.getMessage() + "; retrying");
        }
    }

    /**
     * A planned switchover to {@code to}: the primary is demoted through its Cluster (its operator
     * stops it acknowledging and reports where its WAL ends, the demotion token), then {@code to} is
     * promoted with that token (its operator waits until it has replayed that far). Both regions'
     * databases and API servers must answer and {@code to} must be synchronous: nothing acknowledged is lost.
     */
    public synchronized String switchover(String to) {
        requireRunning(to);
        WitnessState state = actuator.state();
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        Instant now = clock.instant();
        FailoverPolicy.Observed p = observed(from, now);
        FailoverPolicy.Observed s = observed(to, now);
        Duration grace = config.witness().grace();
        if (!p.reachable(grace) || !s.reachable(grace) || !p.apiReachable(grace) || !s.apiReachable(grace)) {
            throw ProblemException.conflict("switchover-needs-both", "Both regions must answer",
                    "A switchover needs both regions' databases and API servers to answer the witness; when the primary is lost the "
                            + "witness fails over by itself, and POST /edge/admin/failover forces it");
        }
        if (!state.eligible(to)) {
            throw ProblemException.conflict("standby-not-synchronous", "The standby is not synchronous",
                    to + " has not been a synchronous standby since " + state.asyncSince() + "; wait until it is (GET /edge/regions)");
        }
        List<String> notServing = health.services().stream().filter(service -> !health.healthy(to, service)).toList();
        if (!notServing.isEmpty()) {
            throw ProblemException.conflict("target-not-serving", "The target region does not serve yet",
                    "The edge does not route to " + String.join(", ", notServing) + " in " + to + " (not ready, or drained): "
                            + "a switchover would send every client to a region that cannot answer them; wait until "
                            + "GET /edge/regions shows them healthy");
        }
        events.record(Kind.ADMIN, to, "postgres", "Switchover to " + to + " requested");
        try {
            String token = actuator.demoteForSwitchover(from, to, SWITCHOVER_STEP);
            actuator.promoteWithToken(from, to, token, clock.instant());
            health.primaryRegion(to);
            long deadline = System.nanoTime() + SWITCHOVER_STEP.toNanos();
            while (System.nanoTime() < deadline) {
                Latest l = latest.get(to);
                if (l != null && l.view() != null && l.view().primary()) {
                    return "Switched over from " + from + " to " + to + " (epoch " + actuator.state().epoch() + "); " + from
                            + " follows it as its standby (its operator's work)";
                }
                pause(Duration.ofMillis(50));
            }
            return "Switchover to " + to + " designated (epoch " + actuator.state().epoch() + "); its operator has not promoted it yet "
                    + "(GET /edge/events)";
        } catch (RegionApi.Unanswered | IllegalStateException e) {
            throw ProblemException.conflict("switchover-failed", "Switchover failed", e.getMessage() + "; see GET /edge/events");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.conflict("switchover-failed", "Switchover interrupted", "The edge is stopping");
        }
    }

    /**
     * Promotes {@code to} although the rules refused, because its primary is lost and it was not
     * synchronous: writes acknowledged since {@link WitnessState#asyncSince()} are lost. Only with
     * {@code acceptDataLoss}, and only while the primary's database does not answer.
     */
    public synchronized String failover(String to, boolean acceptDataLoss) {
        requireRunning(to);
        WitnessState state = actuator.state();
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        FailoverPolicy.Observed p = observed(from, clock.instant());
        Duration grace = config.witness().grace();
        if (p.reachable(grace)) {
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
            health.primaryRegion(to);
            actuator.promote(new FailoverPolicy.Promote(to, from, p.apiReachable(grace), "failover forced by an operator"), clock.instant());
            return "Failed over to " + to + " (epoch " + actuator.state().epoch() + ")";
        } catch (RegionApi.Unanswered e) {
            throw ProblemException.conflict("failover-failed", "Failover failed", e.getMessage());
        }
    }

    private void requireRunning(String region) {
        if (!config.regions().contains(region)) {
            throw ProblemException.notFound("region", region);
        }
        if (!running || actuator.state() == null) {
            throw ProblemException.conflict("witness-not-ready", "The witness is not ready",
                    config.witness().enabled() ? "It has not seen a primary yet" : "This edge is not the witness (edge.witness.enabled=false)");
        }
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
        Map<String, RegionView> views = new LinkedHashMap<>();
        Instant now = clock.instant();
        long grace = config.witness().grace().toMillis();
        for (String region : config.regions()) {
            LatestApi api = latestApi.get(region);
            boolean apiOk = api != null && api.seenAt() != null && Duration.between(api.seenAt(), now).toMillis() < grace;
            String designated = api == null || api.cluster() == null ? null : api.cluster().designated();
            String phase = api == null || api.cluster() == null ? null : api.cluster().phase();
            String apiError = apiOk || api == null ? null : api.error();
            Latest l = latest.get(region);
            if (l == null || l.view() == null) {
                views.put(region, new RegionView(false, "unknown", "unknown", null, null, l == null ? null : l.error(), apiOk, designated,
                        phase, apiError));
                continue;
            }
            DatabaseView v = l.view();
            long silence = Duration.between(l.seenAt(), now).toMillis();
            boolean ok = silence < grace;
            String other = config.regions().stream().filter(r -> !r.equals(region)).findFirst().orElseThrow();
            Long lag = v.primary() ? v.standby(FailoverPolicy.standbyName(other)).map(DatabaseView.Standby::replayLagBytes).orElse(null)
                    : null;
            String replication = v.primary() ? (v.synchronous() ? "sync" : "async") : (v.receiving() ? "streaming" : "not streaming");
            views.put(region, new RegionView(ok, v.primary() ? "primary" : "standby", replication, lag, silence, ok ? null : l.error(),
                    apiOk, designated, phase, apiError));
        }
        return new Snapshot(config.witness().enabled(), actuator == null ? null : actuator.state(), views, lastDecision);
    }

    private static Thread start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
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
