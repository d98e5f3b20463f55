package dev.firebreak.status.service;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.BreakerStates;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Overview.State;
import dev.firebreak.status.model.TargetStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns what status-svc sees of services per region into what users care about: is chat (or
 * payments, or taxi) working, and if not quite, why, in plain words.
 *
 * <p>A function is DOWN when no region serves it, DEGRADED when it serves with less than it
 * should (a region or some instances down, a dependency's breaker open so work is deferred,
 * clients sent away from their preferred region, the edge not answering), else OPERATIONAL.
 */
public final class FunctionRollup {

    /** One function's state now and the reasons for it. */
    public record FunctionState(String key, String title, String service, State state, List<String> reasons) {
    }

    private FunctionRollup() {
    }

    public static List<FunctionState> rollup(Map<String, StatusConfig.Function> functions, Overview overview, EdgeView edge) {
        List<FunctionState> out = new ArrayList<>();
        new java.util.TreeMap<>(functions).forEach((key, f) -> out.add(one(key, f, overview, edge)));
        return out;
    }

    private static FunctionState one(String key, StatusConfig.Function f, Overview overview, EdgeView edge) {
        List<String> serving = new ArrayList<>();
        List<String> notServing = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Overview.RegionView region : overview.regions()) {
            Optional<Overview.ServiceView> view = region.services().stream().filter(s -> s.service().equals(f.service())).findFirst();
            if (view.isEmpty()) {
                continue;
            }
            Overview.ServiceView s = view.get();
            if (s.state() == State.DOWN) {
                notServing.add(region.region());
                continue;
            }
            serving.add(region.region());
            if (s.instancesUp() < s.instances()) {
                reasons.add(region.region() + " runs it with " + s.instancesUp() + " of " + s.instances() + " instances up.");
            }
            reasons.addAll(dependencies(f, region.region(), s.targets()));
        }
        if (serving.isEmpty()) {
            String where = notServing.isEmpty() ? "no region reports it" : "no region can serve it (" + String.join(", ", notServing) + " down)";
            return new FunctionState(key, f.title(), f.service(), State.DOWN, List.of(f.title() + " is unavailable: " + where + "."));
        }
        for (String region : notServing) {
            reasons.add(0, region + " cannot serve it; " + String.join(" and ", serving) + (serving.size() == 1 ? " does." : " do."));
        }
        if (edge.watched()) {
            if (edge.health() == Health.UNREACHABLE) {
                reasons.add("The global front door (edge) is not answering: apps that use it cannot connect; apps that reach a region directly work.");
            } else if (edge.health() == Health.UP && edge.preferredRegion() != null) {
                String to = edge.serving().get(f.service());
                if (to != null && !to.equals(edge.preferredRegion()) && !notServing.contains(edge.preferredRegion())) {
                    reasons.add("Clients are sent to " + to + " instead of " + edge.preferredRegion() + ".");
                }
            }
        }
        return new FunctionState(key, f.title(), f.service(), reasons.isEmpty() ? State.OPERATIONAL : State.DEGRADED, List.copyOf(reasons));
    }

    /**
     * A dependency whose local breaker is open: calls go to the same service in the other region
     * (its {@code -peer} breaker closed), or, with both open, the work is deferred (charges stay
     * pending and settle later).
     */
    private static List<String> dependencies(StatusConfig.Function f, String region, List<TargetStatus> targets) {
        TreeSet<String> open = new TreeSet<>();
        TreeSet<String> peerOpen = new TreeSet<>();
        for (TargetStatus t : targets) {
            if (t.health() != Health.UP || t.breakers() == null) {
                continue;
            }
            t.breakers().forEach((name, state) -> {
                if (BreakerStates.engaged(state)) {
                    if (name.endsWith("-peer")) {
                        peerOpen.add(name.substring(0, name.length() - "-peer".length()));
                    } else {
                        open.add(name);
                    }
                }
            });
        }
        List<String> reasons = new ArrayList<>();
        for (String dependency : open) {
            if (peerOpen.contains(dependency)) {
                reasons.add("payment".equals(dependency)
                        ? "In " + region + ", " + f.title().toLowerCase() + " cannot reach payments: charges are kept as pending and settle when payments recover."
                        : "In " + region + ", " + f.title().toLowerCase() + " cannot reach " + dependency + ": that part of the work is deferred.");
            } else {
                reasons.add("In " + region + ", " + f.title().toLowerCase() + " reaches " + dependency + " in the other region (circuit breaker open).");
            }
        }
        return reasons;
    }
}
