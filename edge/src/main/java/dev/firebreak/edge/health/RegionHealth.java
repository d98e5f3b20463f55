package dev.firebreak.edge.health;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.edge.config.EdgeConfig;
import dev.firebreak.edge.events.EdgeEvents;
import dev.firebreak.edge.events.EdgeEvents.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the edge believes about each service in each region, from two sources: active checks of
 * the service's readiness (HAProxy's {@code fall}/{@code rise}) and real traffic (Envoy's
 * consecutive-failure outlier detection). It orders the regions for each request: the client's
 * preferred region when healthy, then the other healthy ones, then, when none is healthy, all of
 * them anyway (failing open: a request may still succeed, and refusing it cannot). A service that
 * keeps being taken out needs more passing checks each time to return ({@link FlapDamping}).
 */
@ApplicationScoped
public class RegionHealth {

    /** One region's service as the edge sees it. */
    public record ServiceHealth(String region, String service, boolean healthy, Instant since, String reason) {
    }

    private final class State {
        final String region;
        final String service;
        // Unknown until checked: routing fails open meanwhile, and the first checks report UP, not a flap.
        boolean healthy = false;
        Instant since;
        String reason = "not checked yet";
        int checkFailures;
        int checkSuccesses;
        int requestFailures;
        final FlapDamping damping = new FlapDamping(config.health().flapWindow(), config.health().rise(), config.health().maxRise());

        State(String region, String service) {
            this.region = region;
            this.service = service;
            this.since = clock.instant();
        }
    }

    private final EdgeConfig config;
    private final EdgeEvents events;
    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>();
    private final Set<String> drained = ConcurrentHashMap.newKeySet();
    private volatile String primaryRegion;
    /** Where each service's clients without a preference go now, to notice traffic switches. */
    private final Map<String, String> servingRegion = new ConcurrentHashMap<>();

    public RegionHealth(EdgeConfig config, EdgeEvents events, Clock clock) {
        this.config = config;
        this.events = events;
        this.clock = clock;
        for (String service : services()) {
            for (String region : config.regions()) {
                states.put(key(region, service), new State(region, service));
            }
            servingRegion.put(service, defaultRegion());
        }
    }

    /** Every service behind a route. */
    public List<String> services() {
        return config.routes().values().stream().map(EdgeConfig.Route::service).distinct().sorted().toList();
    }

    /** Where clients that name no region go: the database primary's region when known and followed, else the configured one. */
    public String defaultRegion() {
        String primary = primaryRegion;
        return config.followPrimary() && primary != null ? primary : config.preferredRegion().orElse(config.regions().get(0));
    }

    /** The witness says where the database primary is now. */
    public void primaryRegion(String region) {
        this.primaryRegion = region;
        services().forEach(this::noticeSwitch);
    }

    public String primaryRegion() {
        return primaryRegion;
    }

    /** An active check passed. */
    public void checkPassed(String region, String service) {
        synchronized (this) {
            State s = state(region, service);
            s.checkFailures = 0;
            s.checkSuccesses++;
            if (!s.healthy) {
                Instant now = clock.instant();
                int needed = s.damping.passesNeeded(now);
                if (s.checkSuccesses >= needed) {
                    int removals = s.damping.recentRemovals(now);
                    change(s, true, "readiness check passed " + s.checkSuccesses + " times in a row"
                            + (removals > 1 ? " (" + needed + " needed: taken out " + removals + " times in the last "
                                    + config.health().flapWindow().toSeconds() + " s)" : ""));
                }
            }
        }
        noticeSwitch(service);
    }

    /** An active check failed. */
    public void checkFailed(String region, String service, String why) {
        synchronized (this) {
            State s = state(region, service);
            s.checkSuccesses = 0;
            s.checkFailures++;
            if (s.healthy && s.checkFailures >= config.health().fall()) {
                change(s, false, "readiness check failed " + s.checkFailures + " times in a row: " + why);
            }
        }
        noticeSwitch(service);
    }

    /** A real request was answered. */
    public void requestSucceeded(String region, String service) {
        synchronized (this) {
            state(region, service).requestFailures = 0;
        }
    }

    /** A real request got no answer, a reset, or a 502/503/504. */
    public void requestFailed(String region, String service, String why) {
        synchronized (this) {
            State s = state(region, service);
            s.requestFailures++;
            if (s.healthy && s.requestFailures >= config.outlier().consecutiveFailures()) {
                s.checkSuccesses = 0;
                change(s, false, s.requestFailures + " requests in a row failed: " + why);
            }
        }
        noticeSwitch(service);
    }

    /** Takes a region out of rotation on purpose (an operator's drain) or puts it back. */
    public void drain(String region, boolean drain) {
        if (!config.regions().contains(region)) {
            throw ProblemException.notFound("region", region);
        }
        if (drain) {
            drained.add(region);
        } else {
            drained.remove(region);
        }
        events.record(Kind.ADMIN, region, null, drain ? "Drained: no traffic unless no other region can serve"
                : "Undrained: back in rotation");
        services().forEach(this::noticeSwitch);
    }

    public Set<String> drained() {
        return Set.copyOf(drained);
    }

    public synchronized boolean healthy(String region, String service) {
        return state(region, service).healthy && !drained.contains(region);
    }

    /**
     * The regions to try for one request to {@code service}, best first: {@code preferred} (the
     * client's, or the default) if healthy, the other healthy regions in configured order, then the
     * unhealthy ones.
     */
    public synchronized List<String> order(String service, String preferred) {
        List<String> regions = new ArrayList<>(config.regions());
        if (preferred != null && regions.remove(preferred)) {
            regions.add(0, preferred);
        }
        List<String> ordered = new ArrayList<>();
        regions.stream().filter(r -> healthy(r, service)).forEach(ordered::add);
        regions.stream().filter(r -> !healthy(r, service)).forEach(ordered::add);
        return ordered;
    }

    public synchronized List<ServiceHealth> snapshot() {
        return states.values().stream().map(s -> new ServiceHealth(s.region, s.service, s.healthy && !drained.contains(s.region),
                s.since, drained.contains(s.region) ? "drained by an operator" : s.reason)).toList();
    }

    private void change(State s, boolean healthy, String why) {
        s.healthy = healthy;
        s.since = clock.instant();
        if (!healthy) {
            s.damping.removed(s.since);
        }
        s.reason = why;
        events.record(healthy ? Kind.SERVICE_UP : Kind.SERVICE_DOWN, s.region, s.service, why);
    }

    /** Under the lock: a thread that ordered the regions before a change must not record after one that ordered them since. */
    private synchronized void noticeSwitch(String service) {
        String now = order(service, defaultRegion()).get(0);
        String before = servingRegion.put(service, now);
        if (before != null && !before.equals(now)) {
            events.record(Kind.TRAFFIC_SWITCHED, now, service, "Clients of " + service + " now go to " + now + " (was " + before + ")");
        }
    }

    private State state(String region, String service) {
        State s = states.get(key(region, service));
        if (s == null) {
            throw new IllegalArgumentException("No service " + service + " in region " + region);
        }
        return s;
    }

    private static String key(String region, String service) {
        return region + "/" + service;
    }
}
