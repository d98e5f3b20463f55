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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The failover witness in the global site, in three rooms: {@link Observations} (what each
 * region's database and API server last showed, one thread per look), this class (every
 * {@code edge.witness.interval}, {@link FailoverPolicy}'s decision on what was seen, carried out
 * through the {@link Actuator}, which patches the Cluster objects and leaves the database work to
 * each region's operator), and {@link OperatorCommands} (switchover and forced failover). It
 * records every decision, every patch and when the operator was done.
 */
@ApplicationScoped
public class Witness {

    private static final Logger LOG = Logger.getLogger(Witness.class);

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
    private final Observations observations;
    private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
    private final Map<String, Boolean> apiReachable = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private List<DatabaseObserver> observers = List.of();
    private List<RegionApi> apis = List.of();
    private Actuator actuator;
    private OperatorCommands commands;
    private volatile String lastDecision = "not started";
    private volatile String lastRepeated;
    private volatile boolean running;

    public Witness(EdgeConfig config, EdgeEvents events, RegionHealth health, Clock clock) {
        this.config = config;
        this.events = events;
        this.health = health;
        this.clock = clock;
        EdgeConfig.Witness w = config.witness();
        this.policy = new FailoverPolicy(new FailoverPolicy.Settings(w.grace(), w.replicationSilence(), w.upstreamSilence(), w.commitStall()));
        this.observations = new Observations(config.regions(), w.grace(), clock);
    }

    void start(@Observes StartupEvent ev) {
        if (!config.witness().enabled()) {
            lastDecision = "disabled (edge.witness.enabled=false)";
            return;
        }
        if (config.regions().size() != 2) {
            throw new IllegalStateException("The witness decides between exactly two regions, not " + config.regions());
        }
        EdgeConfig.Witness w = config.witness();
        observers = config.regions().stream().map(region -> new DatabaseObserver(region, w.databaseUrl().replace("{region}", region),
                w.databaseUser(), w.databasePassword())).toList();
        apis = config.regions().stream().map(region -> RegionApi.fromKubeconfig(region,
                Path.of(w.regionKubeconfig().replace("{region}", region)))).toList();
        Map<String, ClusterApi> byRegion = new LinkedHashMap<>();
        apis.forEach(api -> byRegion.put(api.region(), api));
        actuator = new Actuator(byRegion, observations::seenCluster, new WitnessStateStore(w.stateFile()),
                (kind, region, detail) -> events.record(kind, region, "postgres", detail), clock);
        commands = new OperatorCommands(actuator, observations, health, events, w.grace(), clock);
        WitnessState state = actuator.state();
        if (state != null) {
            health.primaryRegion(state.primary());
            LOG.infof("Witness state loaded: primary %s at epoch %d", state.primary(), state.epoch());
        }
        running = true;
        observers.forEach(o -> threads.add(every(() -> observations.look(o), "witness-observe-" + o.region())));
        apis.forEach(a -> threads.add(every(() -> observations.look(a), "witness-api-" + a.region())));
        threads.add(every(this::decideRound, "witness-decide"));
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        threads.forEach(Thread::interrupt);
        observers.forEach(DatabaseObserver::close);
        apis.forEach(RegionApi::close);
    }

    private void decideRound() {
        try {
            decideOnce();
        } catch (RuntimeException e) {
            LOG.warn("Witness decision failed; trying again next round", e);
            repeatedEvent(Kind.ALARM, null, "The witness could not act: " + e.getMessage());
        }
    }

    /** One round: what both regions look like now, what the rules say, and doing it. */
    synchronized void decideOnce() {
        Instant now = clock.instant();
        FailoverPolicy.Observed a = observations.observed(config.regions().get(0), now);
        FailoverPolicy.Observed b = observations.observed(config.regions().get(1), now);
        noticeReachability(a);
        noticeReachability(b);
        noticeOperators(a, now);
        noticeOperators(b, now);
        Decision decision = policy.decide(actuator.state(), a, b);
        lastDecision = decision.getClass().getSimpleName() + ": " + decision.reason();
        apply(decision, now);
    }

    private void noticeReachability(FailoverPolicy.Observed o) {
        Duration grace = config.witness().grace();
        Observations.Database db = observations.database(o.region());
        noticeChange(reachable, o, "postgres", "database", o.view() != null && o.silence().compareTo(grace) < 0, o.silence(),
                db == null ? null : db.error(), Kind.DATABASE_REACHABLE, Kind.DATABASE_UNREACHABLE);
        Observations.Api api = observations.api(o.region());
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

    /** A planned switchover to {@code to} ({@link OperatorCommands#switchover}); never during a decision round. */
    public synchronized String switchover(String to) {
        return ready(to).switchover(to);
    }

    /** A forced failover to {@code to} ({@link OperatorCommands#failover}); never during a decision round. */
    public synchronized String failover(String to, boolean acceptDataLoss) {
        return ready(to).failover(to, acceptDataLoss);
    }

    private OperatorCommands ready(String region) {
        if (!config.regions().contains(region)) {
            throw ProblemException.notFound("region", region);
        }
        if (!running || actuator.state() == null) {
            throw ProblemException.conflict("witness-not-ready", "The witness is not ready",
                    config.witness().enabled() ? "It has not seen a primary yet" : "This edge is not the witness (edge.witness.enabled=false)");
        }
        return commands;
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
            Observations.Api api = observations.api(region);
            boolean apiOk = api != null && api.seenAt() != null && Duration.between(api.seenAt(), now).toMillis() < grace;
            String designated = api == null || api.cluster() == null ? null : api.cluster().designated();
            String phase = api == null || api.cluster() == null ? null : api.cluster().phase();
            String apiError = apiOk || api == null ? null : api.error();
            Observations.Database l = observations.database(region);
            if (l == null || l.view() == null) {
                views.put(region, new RegionView(false, "unknown", "unknown", null, null, l == null ? null : l.error(), apiOk, designated,
                        phase, apiError));
                continue;
            }
            DatabaseView v = l.view();
            long silence = Duration.between(l.seenAt(), now).toMillis();
            boolean ok = silence < grace;
            Long lag = v.primary() ? v.standby(FailoverPolicy.standbyName(observations.peerOf(region)))
                    .map(DatabaseView.Standby::replayLagBytes).orElse(null) : null;
            String replication = v.primary() ? (v.synchronous() ? "sync" : "async") : (v.receiving() ? "streaming" : "not streaming");
            views.put(region, new RegionView(ok, v.primary() ? "primary" : "standby", replication, lag, silence, ok ? null : l.error(),
                    apiOk, designated, phase, apiError));
        }
        return new Snapshot(config.witness().enabled(), actuator == null ? null : actuator.state(), views, lastDecision);
    }

    /** A daemon thread doing {@code round} every {@code edge.witness.interval} until the edge stops. */
    private Thread every(Runnable round, String name) {
        Thread t = new Thread(() -> {
            while (running) {
                round.run();
                try {
                    Thread.sleep(config.witness().interval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
