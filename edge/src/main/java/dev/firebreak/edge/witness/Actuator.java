package dev.firebreak.edge.witness;

import dev.firebreak.edge.events.EdgeEvents.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The witness's hands: every change it makes is a patch of a region's CloudNativePG {@code Cluster}
 * through that region's API ({@link ClusterActions}), and every decision that changes who may be
 * primary is saved ({@link WitnessStateStore}) before the patch is sent. It never designates a
 * region primary while the other region's Cluster, on an API server that answers, still designates
 * itself: that one is demoted first. What the witness then waits to see its operator do is kept as
 * {@link Pending}, so the timeline says when the operator was done.
 */
final class Actuator {

    /** Where events go ({@code EdgeEvents} in the edge). */
    @FunctionalInterface
    interface Log {
        void record(Kind kind, String region, String detail);
    }

    /** A patch whose effect the witness waits to see in the region's database: {@code promote} or {@code demote}. */
    record Pending(String what, Instant patchedAt) {
    }

    private final Map<String, ClusterApi> apis;
    private final java.util.function.Function<String, Optional<ClusterView>> seen;
    private final WitnessStateStore store;
    private final Log log;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile WitnessState state;

    /**
     * @param seen a region's Cluster as the witness last read it, if its API server answers now
     *             (empty when it is silent): no fresh read of a silent API server delays a failover
     */
    Actuator(Map<String, ClusterApi> apis, java.util.function.Function<String, Optional<ClusterView>> seen, WitnessStateStore store,
            Log log, Clock clock) {
        this.apis = Map.copyOf(apis);
        this.seen = seen;
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.state = store.load().orElse(null);
    }

    WitnessState state() {
        return state;
    }

    Map<String, Pending> pending() {
        return pending;
    }

    /** Carries out what {@code decision} asks of the Cluster objects and the saved state (refusals and alarms are the caller's to report). */
    void carryOut(FailoverPolicy.Decision decision, Instant now) throws RegionApi.Unanswered {
        if (decision instanceof FailoverPolicy.Adopt a) {
            adopt(a, now);
        } else if (decision instanceof FailoverPolicy.Promote p) {
            promote(p, now);
        } else if (decision instanceof FailoverPolicy.Degrade d) {
            degrade(d, now);
        } else if (decision instanceof FailoverPolicy.RestoreSync r) {
            restoreSync(r);
        } else if (decision instanceof FailoverPolicy.ConfirmSync c) {
            confirmSync(c, now);
        } else if (decision instanceof FailoverPolicy.Designate d) {
            designate(d);
        }
    }

    void adopt(FailoverPolicy.Adopt a, Instant now) {
        save(new WitnessState(1, a.primary(), Map.of(a.standby(), a.standbyEligible()), a.standbyEligible() ? null : now, now, a.reason()));
        log.record(Kind.ADOPTED, a.primary(), a.reason());
    }

    /**
     * A failover: saves {@code p.region()} as the primary at a new epoch, demotes the lost primary
     * first where its API server answers (its database alone is lost), then designates the new one.
     */
    void promote(FailoverPolicy.Promote p, Instant now) throws RegionApi.Unanswered {
        save(state.promoted(p.region(), p.lost(), now, p.reason()));
        String demoted = null;
        if (p.demoteLostFirst()) {
            try {
                designate(p.lost(), p.region(), "demote", null);
                demoted = p.lost();
            } catch (RegionApi.Unanswered e) {
                // Its database is lost and it was synchronous: it can acknowledge nothing without the new primary anyway.
                log.record(Kind.ALARM, p.lost(), "Could not demote " + p.lost() + " before promoting " + p.region() + ": " + e.getMessage());
            }
        }
        // Its API server has just accepted the demotion: what the witness last read there is older than that.
        designate(p.region(), p.region(), "promote", demoted);
    }

    /** Designates {@code primary} in {@code region}'s Cluster, refusing to make a second self-designated primary. */
    void designate(FailoverPolicy.Designate d) throws RegionApi.Unanswered {
        designate(d.region(), d.primary(), d.region().equals(d.primary()) ? "promote" : "demote", null);
    }

    /** {@code justDemoted}: a region whose Cluster accepted a demotion a moment ago, not to be demoted again. */
    private void designate(String region, String primary, String what, String justDemoted) throws RegionApi.Unanswered {
        if (!primary.equals(state.primary())) {
            throw new IllegalStateException("The witness designates only the primary it saved (" + state.primary() + "), not " + primary);
        }
        if (region.equals(primary)) {
            requireOtherDemoted(region, justDemoted);
        }
        patch(region, region.equals(primary) ? ClusterActions.promote(primary, by()) : ClusterActions.demote(primary, by()),
                what + ": designate " + primary);
        pending.put(region, new Pending(what, clock.instant()));
    }

    /** Refuses to promote {@code region} while the other region's Cluster, on an API server that answers, designates itself. */
    private void requireOtherDemoted(String region, String justDemoted) throws RegionApi.Unanswered {
        for (ClusterApi other : apis.values()) {
            if (other.region().equals(region) || other.region().equals(justDemoted)) {
                continue;
            }
            // Empty when silent: lost, or cut off; its database cannot acknowledge anything without this one.
            Optional<ClusterView> view = seen.apply(other.region());
            if (view.isPresent() && view.get().designates(other.region())) {
                patch(other.region(), ClusterActions.demote(region, by()), "demote: designate " + region + " (before promoting it)");
                pending.put(other.region(), new Pending("demote", clock.instant()));
            }
        }
    }

    /** Degrades {@code d.primary()} to asynchronous, having saved first that the standby is no longer eligible. */
    void degrade(FailoverPolicy.Degrade d, Instant now) throws RegionApi.Unanswered {
        save(state.withEligible(d.standby(), false, now, now, d.reason()));
        patch(d.primary(), ClusterActions.degrade(), "degrade: spec.postgresql.synchronous removed");
        log.record(Kind.DEGRADED_TO_ASYNC, d.primary(), d.reason() + "; commits no longer wait for " + d.standby()
                + ": writes acknowledged from now on exist in " + d.primary() + " only until it is synchronous again");
    }

    void restoreSync(FailoverPolicy.RestoreSync r) throws RegionApi.Unanswered {
        patch(r.primary(), ClusterActions.restoreSync(), "restore-sync: " + r.reason());
    }

    void confirmSync(FailoverPolicy.ConfirmSync c, Instant now) {
        Instant since = state.asyncSince();
        save(state.withEligible(c.standby(), true, null, now, c.reason()));
        log.record(Kind.SYNC_RESTORED, state.primary(), c.reason() + (since == null ? ""
                : "; the asynchronous window lasted " + Duration.between(since, now).toMillis() + " ms (from " + since + ")"));
    }

    /**
     * The first half of a planned switchover: demotes {@code from} (designates {@code to} there) and
     * returns the demotion token its operator reports, waiting up to {@code within}.
     */
    String demoteForSwitchover(String from, String to, Duration within) throws RegionApi.Unanswered, InterruptedException {
        String before = apis.get(from).read().demotionToken();
        patch(from, ClusterActions.demote(to, by() + " switchover"), "switchover: demote " + from + " (designate " + to + ")");
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String token = apis.get(from).read().demotionToken();
            if (!token.isEmpty() && !token.equals(before)) {
                return token;
            }
            Thread.sleep(100);
        }
        patch(from, ClusterActions.promote(from, by() + " switchover undone"), "switchover undone: designate " + from + " again");
        throw new IllegalStateException(from + "'s operator reported no demotion token within " + within.toMillis()
                + " ms; " + from + " is designated again");
    }

    /** The second half: saves {@code to} as the primary at a new epoch, then promotes it once it has replayed up to {@code token}. */
    void promoteWithToken(String from, String to, String token, Instant now) throws RegionApi.Unanswered {
        save(state.promoted(to, from, now, "switchover from " + from));
        patch(to, ClusterActions.promoteWithToken(to, token, by()), "switchover: promote " + to + " with " + from + "'s demotion token");
        pending.put(to, new Pending("promote", clock.instant()));
        pending.put(from, new Pending("demote", clock.instant()));
    }

    private void patch(String region, String body, String what) throws RegionApi.Unanswered {
        long start = System.nanoTime();
        ClusterView stored = apis.get(region).patch(body);
        log.record(Kind.CLUSTER_PATCHED, region, "Cluster firebreak-db patched (" + what + "), accepted by " + region
                + "'s API server in " + (System.nanoTime() - start) / 1_000_000 + " ms at resourceVersion " + stored.resourceVersion());
    }

    private String by() {
        return "witness epoch " + state.epoch();
    }

    private void save(WitnessState next) {
        store.save(next);
        state = next;
    }
}
