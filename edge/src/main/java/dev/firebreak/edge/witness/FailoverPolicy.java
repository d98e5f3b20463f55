package dev.firebreak.edge.witness;

import java.time.Duration;

/**
 * The witness's rules, as a pure function of what it has decided before and what it sees now
 * (docs/failover.md gives the reasoning and compares them with Patroni's synchronous mode). It sees
 * each region twice: its database (SQL, read-only) and its Kubernetes API (the CloudNativePG
 * {@code Cluster}); it acts only through the latter. With P the primary the witness made and S the
 * other region:
 * <ol>
 *   <li>S's Cluster designates S: demote it (designate P there). Its operator makes it P's
 *       standby (following as it is when it was demoted cleanly, rebuilt otherwise).</li>
 *   <li>P's Cluster does not designate P (a promotion cut short by a crash, or a hand): designate
 *       P. A P that is back read-only after a power loss is its operator's to resume.</li>
 *   <li>P has lost its synchronous standby for longer than the replication silence, or for the
 *       commit stall while a commit has waited for it that long too: degrade to asynchronous so
 *       commits go on; S is no longer eligible for promotion (recorded before degrading), and the
 *       at-risk window opens.</li>
 *   <li>P is asynchronous and S streams from it, caught up: make replication synchronous again;
 *       once P reports S synchronous, S is eligible again and the window closes.</li>
 *   <li>P's database is unreachable from the witness for the grace period, and S has heard nothing
 *       from P for the replication silence: P's database is lost (and the region with it when P's
 *       API server is silent too). Promote S if it is eligible (it was synchronous at the moment
 *       of loss) and its API server answers; otherwise refuse. If S still hears P, only the
 *       witness is cut off: do nothing.</li>
 * </ol>
 * No rule promotes while P answers the witness, so a partition between the regions never makes a
 * second primary; and a witness that reaches neither region's API server does nothing at all (it
 * is more likely the one cut off, and it could not act anyway).
 */
public final class FailoverPolicy {

    /** @param grace how long a database must be unreachable from the witness before it counts as lost
     *  @param replicationSilence how long a primary must have heard nothing from its standby before the link counts as broken
     *  @param upstreamSilence how long a standby must have heard nothing from its primary before the primary counts as lost to it
     *  @param commitStall how long a commit must have waited for the standby, and the primary heard nothing from it, before the
     *         link counts as broken: shorter than the replication silence, because a live standby answers each flush at once */
    public record Settings(Duration grace, Duration replicationSilence, Duration upstreamSilence, Duration commitStall) {

        /** Without the shortcut for stalled commits: the link counts as broken after the replication silence only. */
        public Settings(Duration grace, Duration replicationSilence, Duration upstreamSilence) {
            this(grace, replicationSilence, upstreamSilence, replicationSilence);
        }
    }

    /**
     * What the witness knows of one region now: its last view (null before the first), how long
     * since the witness last saw it, and how long its replication link has been silent (for the
     * primary: since it last heard the other region's standby; for a standby: since it last heard
     * its upstream).
     */
    public record Observed(String region, DatabaseView view, Duration silence, Duration replicationSilence, ClusterView cluster,
            Duration apiSilence) {

        /** The database only, its API server answering with nothing known of its Cluster (the rules on designations stay quiet). */
        public Observed(String region, DatabaseView view, Duration silence, Duration replicationSilence) {
            this(region, view, silence, replicationSilence, null, Duration.ZERO);
        }

        boolean reachable(Duration grace) {
            return view != null && silence.compareTo(grace) < 0;
        }

        boolean apiReachable(Duration grace) {
            return apiSilence.compareTo(grace) < 0;
        }

        /** Whether its Cluster, as last read from an API server that answers, designates {@code region}. */
        boolean designates(String primary, Duration grace) {
            return apiReachable(grace) && cluster != null && cluster.designates(primary);
        }

        boolean designatesOther(String primary, Duration grace) {
            return apiReachable(grace) && cluster != null && cluster.designated() != null && !cluster.designates(primary);
        }
    }

    /** What to do now; {@code reason} is what the event will say. */
    public sealed interface Decision {
        String reason();
    }

    public record Nothing(String reason) implements Decision {
    }

    public record Adopt(String primary, String standby, boolean standbyEligible, String reason) implements Decision {
    }

    /** Promote {@code region}; {@code demoteLostFirst}: the lost primary's API server answers, so demote it there first. */
    public record Promote(String region, String lost, boolean demoteLostFirst, String reason) implements Decision {
    }

    public record Refuse(String region, String reason) implements Decision {
    }

    public record Degrade(String primary, String standby, String reason) implements Decision {
    }

    public record RestoreSync(String primary, String standby, String reason) implements Decision {
    }

    public record ConfirmSync(String standby, String reason) implements Decision {
    }

    /** Designate {@code primary} in {@code region}'s Cluster: a demotion when they differ, a promotion when they are the same. */
    public record Designate(String region, String primary, String reason) implements Decision {
    }

    public record Alarm(String reason) implements Decision {
    }

    private final Settings settings;

    public FailoverPolicy(Settings settings) {
        this.settings = settings;
    }

    /** The name a region's standby replicates under (slot and application name). */
    public static String standbyName(String region) {
        return region.replace('-', '_');
    }

    public Decision decide(WitnessState state, Observed first, Observed second) {
        if (state == null) {
            return bootstrap(first, second);
        }
        Observed p = first.region().equals(state.primary()) ? first : second;
        Observed s = p == first ? second : first;
        Duration grace = settings.grace();

        if (!p.apiReachable(grace) && !s.apiReachable(grace)) {
            return new Nothing("the witness reaches neither region's API server: it may be the one cut off, and could not act anyway");
        }
        if (s.designates(s.region(), grace)) {
            return new Designate(s.region(), p.region(), s.region() + "'s Cluster designates itself, but the primary is " + p.region()
                    + " (epoch " + state.epoch() + ")" + (s.reachable(grace) && s.view().primary() ? " and it accepts writes" : ""));
        }
        if (p.reachable(grace)) {
            if (p.designatesOther(p.region(), grace)) {
                return new Designate(p.region(), p.region(), p.region() + "'s Cluster designates " + p.cluster().designated()
                        + ", but the primary is " + p.region() + " (epoch " + state.epoch() + ")");
            }
            if (p.view().inRecovery()) {
                return new Nothing(p.region() + " is read-only; its operator resumes it (its Cluster designates it)");
            }
            return primaryAnswers(state, p, s);
        }
        if (!s.reachable(grace)) {
            return new Nothing("neither database answers");
        }
        if (s.replicationSilence().compareTo(settings.upstreamSilence()) < 0) {
            return new Nothing(p.region() + " is unreachable from the witness only: " + s.region() + " still hears it");
        }
        if (!state.eligible(s.region())) {
            return new Refuse(s.region(), p.region() + " is lost, but " + s.region() + " has not been a synchronous standby since "
                    + state.asyncSince() + ": promoting it would lose writes acknowledged since then");
        }
        if (!s.apiReachable(grace)) {
            return new Refuse(s.region(), p.region() + " is lost, but " + s.region() + "'s API server does not answer the witness "
                    + "(silent for " + millis(s.apiSilence()) + "): nothing can promote it");
        }
        boolean regionLost = !p.apiReachable(grace);
        return new Promote(s.region(), p.region(), !regionLost, p.region() + "'s database unreachable from the witness for "
                + millis(p.silence()) + " and from " + s.region() + " for " + millis(s.replicationSilence())
                + (regionLost ? ", its API server silent for " + millis(p.apiSilence()) + " (the region is lost)"
                        : "; its API server answers (its database alone is lost: demoting it there first)")
                + "; " + s.region() + " was synchronous");
    }

    private Decision primaryAnswers(WitnessState state, Observed p, Observed s) {
        String name = standbyName(s.region());
        var standby = p.view().standby(name);
        boolean silent = p.replicationSilence().compareTo(settings.replicationSilence()) >= 0;
        if (p.view().synchronous()) {
            silent = silent || stalled(p);
            if (silent && !p.apiReachable(settings.grace())) {
                return new Alarm(p.region() + " has not heard its synchronous standby " + s.region() + " for " + millis(p.replicationSilence())
                        + " and its API server does not answer the witness: its commits wait until one of them is back");
            }
            if (silent && p.cluster() != null && !p.cluster().synchronous()) {
                return new Nothing(p.region() + "'s Cluster is asynchronous already; its operator is applying it");
            }
            if (silent) {
                return new Degrade(p.region(), s.region(), p.region() + " has not heard its synchronous standby " + s.region() + " for "
                        + millis(p.replicationSilence()) + (p.view().commitWaitMs() > 0 ? ", a commit has waited for it for "
                                + p.view().commitWaitMs() + " ms" : "") + ": commits would wait forever");
            }
            if (standby.isPresent() && "sync".equals(standby.get().syncState()) && !state.eligible(s.region())) {
                return new ConfirmSync(s.region(), s.region() + " is a synchronous standby of " + p.region() + " again");
            }
        } else if (standby.isPresent() && standby.get().streaming() && standby.get().replayLagBytes() == 0 && !silent
                && p.apiReachable(settings.grace()) && (p.cluster() == null || !p.cluster().synchronous())) {
            return new RestoreSync(p.region(), s.region(), s.region() + " streams from " + p.region() + " and has caught up");
        }
        return new Nothing("steady");
    }

    /**
     * A commit has waited for the standby for the commit stall, and the standby has been silent as long. A live
     * standby answers every flush as it makes it, so while commits wait its silence is the link's one-way
     * latency, not the second between its idle status replies that the replication silence must outlast.
     */
    private boolean stalled(Observed p) {
        Duration stall = settings.commitStall();
        return p.view().commitWaitMs() >= stall.toMillis() && p.replicationSilence().compareTo(stall) >= 0;
    }

    private Decision bootstrap(Observed a, Observed b) {
        Duration grace = settings.grace();
        boolean aPrimary = a.reachable(grace) && a.view().primary();
        boolean bPrimary = b.reachable(grace) && b.view().primary();
        if (aPrimary && bPrimary) {
            return new Alarm("both " + a.region() + " and " + b.region() + " accept writes and the witness has no record of who is "
                    + "primary: an operator must choose (fence one, then restart the witness)");
        }
        if (!aPrimary && !bPrimary) {
            return new Nothing("no primary seen yet");
        }
        Observed p = aPrimary ? a : b;
        Observed s = p == a ? b : a;
        boolean eligible = s.reachable(grace) && p.view().standby(standbyName(s.region()))
                .filter(st -> "sync".equals(st.syncState())).isPresent();
        return new Adopt(p.region(), s.region(), eligible, "first look: " + p.region() + " is the primary, " + s.region()
                + (eligible ? " its synchronous standby" : " not a synchronous standby"));
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
