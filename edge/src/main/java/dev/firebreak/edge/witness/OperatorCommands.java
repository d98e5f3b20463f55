package dev.firebreak.edge.witness;

import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.edge.events.EdgeEvents;
import dev.firebreak.edge.events.EdgeEvents.Kind;
import dev.firebreak.edge.health.RegionHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an operator asks of the witness ({@code POST /edge/admin/switchover}, {@code /failover}):
 * checked against what the witness sees, refused with a 409 that says why, carried out through
 * the {@link Actuator}. The caller holds the witness's lock, so a command and a decision round
 * never interleave.
 */
final class OperatorCommands {

    private static final Duration SWITCHOVER_STEP = Duration.ofSeconds(15);

    private final Actuator actuator;
    private final Observations observations;
    private final RegionHealth health;
    private final EdgeEvents events;
    private final Duration grace;
    private final Clock clock;

    OperatorCommands(Actuator actuator, Observations observations, RegionHealth health, EdgeEvents events, Duration grace, Clock clock) {
        this.actuator = actuator;
        this.observations = observations;
        this.health = health;
        this.events = events;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * A planned switchover to {@code to}: the primary is demoted through its Cluster (its operator
     * stops it acknowledging and reports where its WAL ends, the demotion token), then {@code to} is
     * promoted with that token (its operator waits until it has replayed that far). Both regions'
     * databases and API servers must answer and {@code to} must be synchronous: nothing acknowledged is lost.
     */
    String switchover(String to) {
        WitnessState state = actuator.state();
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        Instant now = clock.instant();
        FailoverPolicy.Observed p = observations.observed(from, now);
        FailoverPolicy.Observed s = observations.observed(to, now);
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
            if (observations.awaitPrimary(to, SWITCHOVER_STEP)) {
                return "Switched over from " + from + " to " + to + " (epoch " + actuator.state().epoch() + "); " + from
                        + " follows it as its standby (its operator's work)";
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
    String failover(String to, boolean acceptDataLoss) {
        WitnessState state = actuator.state();
        String from = state.primary();
        if (from.equals(to)) {
            throw ProblemException.conflict("already-primary", "Already the primary", to + " holds the database primary already");
        }
        FailoverPolicy.Observed p = observations.observed(from, clock.instant());
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
}
