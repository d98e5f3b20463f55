package dev.firebreak.status.service;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.BreakerStates;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.Change;
import dev.firebreak.status.model.Change.Kind;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Overview.State;
import dev.firebreak.status.model.Probe;
import dev.firebreak.status.model.Sample;
import dev.firebreak.status.model.TargetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What status-svc knows: the latest probe of every target, a bounded history per target, and a
 * bounded log of the changes between probes. All memory is bounded; nothing
 * here is persisted (each instance rebuilds its view within one poll after a restart).
 */
@ApplicationScoped
public class StatusBoard {

    private final Clock clock;
    private final int historySize;
    private final int changeLimit;
    private final Map<String, Entry> entries = new TreeMap<>();
    private final Deque<Change> changes = new ArrayDeque<>();
    private long nextChangeId = 1;
    private Instant lastPollAt;

    private static final class Entry {
        final String name;
        final StatusConfig.Target target;
        Health health = Health.UNKNOWN;
        Instant since;
        Instant lastPolledAt;
        Probe probe;
        /** The latest expiry of the target's own identity it reported; kept while it does not answer. */
        Instant identityExpiresAt;
        final Suspicion suspicion;
        final Map<String, String> breakers = new LinkedHashMap<>();
        final Map<String, Instant> breakerSince = new LinkedHashMap<>();
        final Deque<Sample> history = new ArrayDeque<>();

        Entry(String name, StatusConfig.Target target, Instant now, int probeFall) {
            this.name = name;
            this.target = target;
            this.since = now;
            this.suspicion = new Suspicion(probeFall);
        }
    }

    public StatusBoard(StatusConfig config, Clock clock) {
        this.clock = clock;
        this.historySize = config.historySize();
        this.changeLimit = config.changeLimit();
        config.targets().forEach((name, target) -> entries.put(name, new Entry(name, target, clock.instant(), config.probeFall())));
    }

    /** Records a probe of target {@code name} that nothing else confirms (see {@link #record(String, Probe, boolean)}). */
    public synchronized void record(String name, Probe probe) {
        record(name, probe, false);
    }

    /**
     * Records a probe of target {@code name} and logs a change for every difference it shows.
     *
     * <p>A target that was up and stops answering in time is only suspect: it keeps counting as up
     * (its last error and the number of unanswered probes are shown) until {@code status.probe-fall}
     * probes in a row went unanswered, or until something else confirms it ({@code confirmed}: the
     * edge's own checks fail the same service). Answers, refusals and DOWN reports count at once.
     */
    public synchronized void record(String name, Probe probe, boolean confirmed) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Unknown target " + name);
        }
        Instant now = clock.instant();
        if (e.suspicion.onlySuspected(probe.noAnswer(), e.health == Health.UP, confirmed)) {
            e.probe = probe;
            e.lastPolledAt = now;
            sample(e, now, probe);
            return;
        }
        boolean wasServing = e.health == Health.UP;
        boolean serving = probe.health() == Health.UP;
        if (e.health != Health.UNKNOWN && wasServing != serving) {
            long lasted = Duration.between(e.since, now).toSeconds();
            if (serving) {
                change(now, e, Kind.SERVICE_UP, "Serving again after " + lasted + " s " + e.health.name().toLowerCase(), lasted);
            } else {
                change(now, e, Kind.SERVICE_DOWN, describe(probe), lasted);
            }
        } else if (e.health == Health.UNKNOWN && !serving) {
            change(now, e, Kind.SERVICE_DOWN, describe(probe), null);
        }
        if (e.health != probe.health()) {
            e.since = now;
        }
        e.health = probe.health();
        e.probe = probe;
        e.lastPolledAt = now;
        if (probe.identityExpiresAt() != null) {
            e.identityExpiresAt = probe.identityExpiresAt();
        }
        // Breaker states are only known while the target answers; an unreachable target keeps its last ones.
        if (probe.health() != Health.UNREACHABLE) {
            probe.breakers().forEach((breaker, state) -> {
                String before = e.breakers.put(breaker, state);
                if (before != null && !before.equals(state)) {
                    long lasted = Duration.between(e.breakerSince.getOrDefault(breaker, now), now).toSeconds();
                    Kind kind = switch (state) {
                        case BreakerStates.OPEN -> Kind.BREAKER_OPEN;
                        case BreakerStates.HALF_OPEN -> Kind.BREAKER_HALF_OPEN;
                        case BreakerStates.IDLE -> Kind.BREAKER_IDLE;
                        default -> Kind.BREAKER_CLOSED;
                    };
                    String detail = "Circuit breaker '" + breaker + "' " + before + " → " + state;
                    if (kind == Kind.BREAKER_IDLE) {
                        detail += ": no call since its wait ended, the next one tries again";
                    }
                    change(now, e, kind, detail, lasted);
                    e.breakerSince.put(breaker, now);
                } else if (before == null) {
                    e.breakerSince.put(breaker, now);
                    if (BreakerStates.engaged(state)) {
                        change(now, e, BreakerStates.OPEN.equals(state) ? Kind.BREAKER_OPEN : Kind.BREAKER_HALF_OPEN,
                                "Circuit breaker '" + breaker + "' is " + state, null);
                    }
                }
            });
        }
        sample(e, now, probe);
    }

    private void sample(Entry e, Instant now, Probe probe) {
        int open = (int) e.breakers.values().stream().filter(BreakerStates::engaged).count();
        e.history.addLast(new Sample(now, probe.health(), probe.latencyMs(), open));
        while (e.history.size() > historySize) {
            e.history.removeFirst();
        }
    }

    /** Records a change seen elsewhere than in a target's probe (e.g. the edge stopped answering). */
    public synchronized void note(String target, String region, String service, Kind kind, String detail, Long afterSeconds) {
        add(new Change(nextChangeId++, clock.instant(), target, region, service, kind, detail, afterSeconds));
    }

    /** Marks the end of a polling round. */
    public synchronized void pollFinished() {
        lastPollAt = clock.instant();
    }

    /** Whether target {@code name} counts as serving (a suspected one still does). */
    public synchronized boolean serving(String name) {
        Entry e = entries.get(name);
        return e != null && e.health == Health.UP;
    }

    public synchronized Optional<Instant> lastPollAt() {
        return Optional.ofNullable(lastPollAt);
    }

    public synchronized List<TargetStatus> targets() {
        return entries.values().stream().map(StatusBoard::view).toList();
    }

    public synchronized Optional<List<Sample>> history(String name) {
        Entry e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(List.copyOf(e.history));
    }

    /** Newest first. */
    public synchronized List<Change> changes(int limit) {
        return changes.stream().limit(limit).toList();
    }

    public synchronized int targetCount() {
        return entries.size();
    }

    public synchronized Overview overview() {
        Map<String, Map<String, List<TargetStatus>>> byRegion = entries.values().stream()
                .map(StatusBoard::view)
                .collect(Collectors.groupingBy(TargetStatus::region, TreeMap::new,
                        Collectors.groupingBy(TargetStatus::service, TreeMap::new, Collectors.toList())));
        List<Overview.RegionView> regions = new ArrayList<>();
        byRegion.forEach((region, services) -> {
            List<Overview.ServiceView> views = new ArrayList<>();
            services.forEach((service, targets) -> {
                int up = (int) targets.stream().filter(t -> t.health() == Health.UP).count();
                boolean breakerOpen = targets.stream().anyMatch(t -> t.breakers().values().stream().anyMatch(BreakerStates::engaged));
                State state = up == 0 ? State.DOWN : (up < targets.size() || breakerOpen) ? State.DEGRADED : State.OPERATIONAL;
                views.add(new Overview.ServiceView(service, state, up, targets.size(), targets));
            });
            regions.add(new Overview.RegionView(region, worst(views.stream().map(Overview.ServiceView::state).toList()), views));
        });
        return new Overview(clock.instant(), overall(regions), lastPollAt != null, regions);
    }

    /** A function is up while any region serves it; the whole is as bad as its worst function. */
    private static State overall(List<Overview.RegionView> regions) {
        Map<String, List<State>> perService = new TreeMap<>();
        regions.forEach(r -> r.services().forEach(s -> perService.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s.state())));
        List<State> functions = perService.values().stream().map(states -> states.contains(State.OPERATIONAL)
                && states.stream().allMatch(s -> s == State.OPERATIONAL) ? State.OPERATIONAL
                : states.stream().anyMatch(s -> s != State.DOWN) ? State.DEGRADED : State.DOWN).toList();
        return worst(functions);
    }

    private static State worst(List<State> states) {
        return states.contains(State.DOWN) ? State.DOWN : states.contains(State.DEGRADED) ? State.DEGRADED : State.OPERATIONAL;
    }

    private void change(Instant now, Entry e, Kind kind, String detail, Long afterSeconds) {
        add(new Change(nextChangeId++, now, e.name, e.target.region(), e.target.service(), kind, detail, afterSeconds));
    }

    private void add(Change change) {
        changes.addFirst(change);
        while (changes.size() > changeLimit) {
            changes.removeLast();
        }
    }

    private static String describe(Probe probe) {
        if (probe.health() == Health.UNREACHABLE) {
            return "Not answering: " + probe.error();
        }
        return probe.failingChecks().isEmpty() ? "Reports DOWN" : "Reports DOWN: " + probe.failingChecks();
    }

    private static TargetStatus view(Entry e) {
        Probe p = e.probe;
        return new TargetStatus(e.name, e.target.region(), e.target.service(), e.target.url(), e.health, e.since, e.lastPolledAt,
                p == null ? null : p.latencyMs(), Map.copyOf(e.breakers),
                p == null || p.failingChecks().isEmpty() ? null : p.failingChecks(), p == null ? null : p.error(),
                e.suspicion.unanswered() == 0 ? null : e.suspicion.unanswered(), e.identityExpiresAt);
    }
}
