package dev.firebreak.edge.witness;

import java.time.Duration;

/**
 * The witness's rules, as a pure function of what it has decided before and what it sees now
 * (docs/failover.md gives the reasoning and compares them with Patroni's synchronous mode). With
 * P the primary the witness made and S the other region:
 * <ol>
 *   <li>S claims to be primary: fence it (it must acknowledge nothing) and re-seed it from P.</li>
 *   <li>P is back but read-only (a database restarts fenced after a power loss): P is still the
 *       primary the witness made, so resume it.</li>
 *   <li>P has lost its synchronous standby for longer than the replication silence: degrade to
 *       asynchronous so commits go on; S is no longer eligible for promotion (recorded before
 *       degrading), and the at-risk window opens.</li>
 *   <li>P is asynchronous and S streams from it, caught up: make replication synchronous again;
 *       once P reports S synchronous, S is eligible again and the window closes.</li>
 *   <li>S is read-only but follows nobody (the old primary after a failover, or a standby that
 *       cannot stream): re-seed it as a standby of P.</li>
 *   <li>P is unreachable from the witness for the grace period, and S has heard nothing from P
 *       for the replication silence: the primary's region is lost. Promote S if it is eligible
 *       (it was synchronous at the moment of loss); otherwise refuse, because promoting it would
 *       lose acknowledged writes. If S still hears P, only the witness is cut off: do nothing.</li>
 * </ol>
 * No rule promotes while P answers the witness, so a partition between the regions never makes a
 * second primary.
 */
public final class FailoverPolicy {

    /** @param grace how long a database must be unreachable from the witness before it counts as lost
     *  @param replicationSilence how long a primary must have heard nothing from its standby before the link counts as broken
     *  @param upstreamSilence how long a standby must have heard nothing from its primary before the primary counts as lost to it
     *  @param rejoinAfter how long a read-only database may follow nobody before it is re-seeded */
    public record Settings(Duration grace, Duration replicationSilence, Duration upstreamSilence, Duration rejoinAfter) {
    }

    /**
     * What the witness knows of one region now: its last view (null before the first), how long
     * since the witness last saw it, and how long its replication link has been silent (for the
     * primary: since it last heard the other region's standby; for a standby: since it last heard
     * its upstream).
     */
    public record Observed(String region, DatabaseView view, Duration silence, Duration replicationSilence) {

        boolean reachable(Duration grace) {
            return view != null && silence.compareTo(grace) < 0;
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

    public record Promote(String region, String lost, String reason) implements Decision {
    }

    public record Refuse(String region, String reason) implements Decision {
    }

    public record Degrade(String primary, String standby, String reason) implements Decision {
    }

    public record RestoreSync(String primary, String standby, String reason) implements Decision {
    }

    public record ConfirmSync(String standby, String reason) implements Decision {
    }

    public record Fence(String region, String primary, String reason) implements Decision {
    }

    public record Resume(String region, String reason) implements Decision {
    }

    public record Rejoin(String region, String primary, String reason) implements Decision {
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

        if (s.reachable(grace) && s.view().primary()) {
            return new Fence(s.region(), p.region(), s.region() + " accepts writes as a primary, but the primary is " + p.region()
                    + " (epoch " + state.epoch() + ")");
        }
        if (p.reachable(grace)) {
            if (p.view().inRecovery()) {
                return new Resume(p.region(), p.region() + " is back read-only; it is still the primary (epoch " + state.epoch() + ")");
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
        return new Promote(s.region(), p.region(), p.region() + " unreachable from the witness for " + millis(p.silence()) + " and from "
                + s.region() + " for " + millis(s.replicationSilence()) + "; " + s.region() + " was synchronous");
    }

    private Decision primaryAnswers(WitnessState state, Observed p, Observed s) {
        String name = standbyName(s.region());
        var standby = p.view().standby(name);
        boolean silent = p.replicationSilence().compareTo(settings.replicationSilence()) >= 0;
        if (p.view().synchronous()) {
            if (silent) {
                return new Degrade(p.region(), s.region(), p.region() + " has not heard its synchronous standby " + s.region() + " for "
                        + millis(p.replicationSilence()) + ": commits would wait forever");
            }
            if (standby.isPresent() && "sync".equals(standby.get().syncState()) && !state.eligible(s.region())) {
                return new ConfirmSync(s.region(), s.region() + " is a synchronous standby of " + p.region() + " again");
            }
        } else if (standby.isPresent() && standby.get().streaming() && standby.get().replayLagBytes() == 0 && !silent) {
            return new RestoreSync(p.region(), s.region(), s.region() + " streams from " + p.region() + " and has caught up");
        }
        if (s.reachable(settings.grace()) && s.view().inRecovery() && !s.view().receiving()
                && (s.view().upstreamHost() == null || s.replicationSilence().compareTo(settings.rejoinAfter()) >= 0)) {
            return new Rejoin(s.region(), p.region(), s.region() + " is read-only and follows nobody"
                    + (s.view().upstreamHost() == null ? "" : " for " + millis(s.replicationSilence())));
        }
        return new Nothing("steady");
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
