package dev.firebreak.status.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** status-svc settings ({@code status.*}). */
@ConfigMapping(prefix = "status")
public interface StatusConfig {

    /** How often every target is polled ({@code off} disables polling). */
    @WithDefault("2s")
    String pollInterval();

    /** Bound on one probe of one target (health and breakers together). */
    @WithDefault("2s")
    Duration probeTimeout();

    /**
     * Probes in a row that get no answer in time before a target that was up counts as
     * unreachable. One unanswered probe is a suspicion: a prober starved of CPU, or a slow moment
     * of the target, looks the same as a dead one. A refused connection, a DOWN answer, or the
     * edge's own checks failing the same service in the same region are verdicts and count at once.
     */
    @WithDefault("3")
    int probeFall();

    /**
     * How long a target's circuit breaker may stay OPEN, by its own account, before it counts as
     * idle rather than as holding calls back. A breaker moves on from OPEN only when a call arrives
     * after its delay (5 s in the services), so one that opened just before its region's traffic
     * went elsewhere stays OPEN with nothing wrong; one whose trial calls keep failing re-opens
     * every delay. Keep this well above the services' delay plus any clock skew between nodes.
     */
    @WithDefault("15s")
    Duration breakerIdleAfter();

    /**
     * How long before a service's own identity (its service token) expires the page warns its
     * operators: re-minting it takes a setup run and a rollout, not a moment.
     */
    @WithDefault("7d")
    Duration identityWarning();

    /** Samples kept per target; at the default 2 s interval, 360 is the last 12 minutes. */
    @WithDefault("360")
    int historySize();

    /** Changes (a target down or up, a breaker opening or closing) kept, newest first; older ones are dropped. */
    @WithDefault("500")
    int changeLimit();

    /** Incidents (periods when some function was not fully operational) kept, newest first. */
    @WithDefault("50")
    int incidentLimit();

    /** An incident ends once every function has been operational this long (a flap inside it does not split it). */
    @WithDefault("5s")
    Duration incidentQuiet();

    /** The edge (global front door and failover witness), when there is one to watch. */
    Edge edge();

    /**
     * The user-facing functions the page reports on, by key (e.g. {@code payments}), each served
     * by one service in every region.
     */
    Map<String, Function> functions();

    /** Where the edge answers. */
    interface Edge {
        /** Base URL of the edge; {@code /edge/regions} and {@code /edge/events} are read from it. Unset: no edge is watched. */
        Optional<String> url();

        /** Edge events kept for the timeline, newest first. */
        @WithDefault("500")
        int eventLimit();
    }

    /** One function as users know it. */
    interface Function {
        /** What users call it, e.g. {@code Payments}. */
        String title();

        /** The service that serves it, e.g. {@code payment-svc}. */
        String service();
    }

    /** What to watch, by a name of your choosing (e.g. {@code payment-a}). */
    Map<String, Target> targets();

    /** One service instance or Service address in one region. */
    interface Target {
        /** Base URL; {@code /q/health} and {@code /ops/circuit-breakers} are appended. */
        String url();

        /** Region (cluster) the target runs in, e.g. {@code region-a}. */
        String region();

        /** Service the target is an instance of, e.g. {@code payment-svc}. */
        String service();
    }
}
