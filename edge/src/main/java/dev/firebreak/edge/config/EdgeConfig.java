package dev.firebreak.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The edge's settings ({@code edge.*}): the front door, its health checks, and the failover witness. */
@ConfigMapping(prefix = "edge")
public interface EdgeConfig {

    /** The regions, in order of preference when a client names none (e.g. {@code region-a,region-b}). */
    List<String> regions();

    /** The region clients are sent to when they name none and it is healthy; default: the first of {@link #regions()}. */
    Optional<String> preferredRegion();

    /**
     * Whether clients that name no region go to the region holding the database primary (once
     * the witness knows it), so their writes do not cross the WAN, instead of {@link #preferredRegion()}.
     */
    @WithDefault("true")
    boolean followPrimary();

    /** The request header a client names its nearest region with. */
    @WithDefault("X-Firebreak-Region")
    String regionHeader();

    /**
     * Where a service of a region answers, with {@code {service}} and {@code {region}} filled in.
     * The default is the cross-cluster name of the region's Service (docs/kubernetes.md).
     */
    @WithDefault("http://{service}.{region}.firebreak.internal")
    String serviceUrl();

    /**
     * Exceptions to {@link #serviceUrl()}: {@code edge.service-urls.<region>.<service>=<url>}
     * (a region reached through a load balancer of its own, or tests).
     */
    Map<String, Map<String, String>> serviceUrls();

    /** Public path prefixes and the service behind each, by a name of your choosing. */
    Map<String, Route> routes();

    /** Active health checks, one per region and service. */
    Health health();

    /** Passive health: what real traffic says about a region's service. */
    Outlier outlier();

    /**
     * How long a client should wait before retrying after a 503 from the edge: about what a
     * database failover takes here (detection plus promotion, 2-4 s), so that clients failed by
     * one come back once or twice rather than every few hundred milliseconds; the services say the same.
     */
    @WithDefault("2s")
    Duration retryAfter();

    /** Largest request body the edge buffers (bodies are buffered so a safe request can be retried in the other region). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /**
     * Requests the edge has in flight to one service in one region at most, as HAProxy's
     * {@code maxconn} on a server: more wait in the edge, in order, up to the route's timeout, and
     * are then answered 503 {@code region-busy} without having been sent (and without counting
     * against the region's health). A ceiling per service; how much a region takes at once is
     * {@link #admission()}'s adaptive limit.
     */
    @WithDefault("256")
    int maxConnections();

    /** The adaptive limit on requests in flight to each service in each region (RegionAdmission, docs/edge.md). */
    Admission admission();

    /** AIMD: +1 per answer while the limit is in use, times {@code backoff-ratio} per missing answer. */
    interface Admission {
        /** Where each service's limit in a region starts. */
        @WithDefault("20")
        int initialLimit();

        /** The limit never falls below this: about a service's ordinary load times its latency just after a failover. */
        @WithDefault("10")
        int minLimit();

        /** Nor grows above this. */
        @WithDefault("256")
        int maxLimit();

        /** What a missing answer multiplies the limit by, in [0.5, 1). */
        @WithDefault("0.9")
        double backoffRatio();

        /**
         * How long a request waits for room before it is refused unsent (HAProxy's
         * {@code timeout queue}); the route's timeout starts when it is sent.
         */
        @WithDefault("1s")
        Duration maxWait();
    }

    /** The failover witness. */
    Witness witness();

    /** One public path prefix. */
    interface Route {
        /** The prefix, e.g. {@code /payments}; it is removed before the request goes to the service. */
        String prefix();

        /** The service that serves it, e.g. {@code payment-svc}. */
        String service();

        /** Bound on one attempt in one region, much shorter than a client's timeout. */
        @WithDefault("2s")
        Duration timeout();
    }

    /** Active checks of {@code /q/health/ready}, HAProxy-style. */
    interface Health {
        /** Time between checks of one region's service. */
        @WithDefault("250ms")
        Duration interval();

        /** Bound on one check. */
        @WithDefault("400ms")
        Duration timeout();

        /** Consecutive failed checks that mark a region's service down. */
        @WithDefault("2")
        int fall();

        /** Consecutive passed checks that mark it up again (after its first removal in {@link #flapWindow()}). */
        @WithDefault("2")
        int rise();

        /** How long a removal from rotation counts against a service: each one in this window doubles the passes needed to return. */
        @WithDefault("60s")
        Duration flapWindow();

        /** The most passing checks in a row a flapping service is asked for (16 × 250 ms: back within 4 s of being well). */
        @WithDefault("16")
        int maxRise();

        /** The path checked on each service. */
        @WithDefault("/q/health/ready")
        String path();
    }

    /** Outlier detection on real traffic, Envoy-style. */
    interface Outlier {
        /** Consecutive failed requests (no answer, reset, 502, 503, 504) that take a region's service out of rotation. */
        @WithDefault("3")
        int consecutiveFailures();
    }

    /** The failover witness: watches both databases and decides who is primary. */
    interface Witness {
        /** Whether this edge acts as the witness (exactly one per installation). */
        @WithDefault("true")
        boolean enabled();

        /** Time between observations of both regions. */
        @WithDefault("250ms")
        Duration interval();

        /**
         * How long the primary must be unreachable from the witness and from the standby's
         * region, or the standby unreachable from the primary, before the witness acts.
         */
        @WithDefault("1s")
        Duration grace();

        /**
         * How long a replication link must be silent (the primary hearing nothing from its
         * standby, or the standby nothing from its primary) before it counts as broken. The
         * databases ping each other every second (wal_receiver_timeout 2 s), so this is longer.
         */
        @WithDefault("1500ms")
        Duration replicationSilence();

        /**
         * How long the standby must have heard nothing from its primary before the primary's
         * region counts as lost to it too (one of the two conditions for a promotion). A standby
         * pings an idle primary after a second of silence and is answered at once, so a healthy
         * link is never this quiet.
         */
        @WithDefault("1200ms")
        Duration upstreamSilence();

        /**
         * How long a commit must have waited for the synchronous standby, with the primary hearing
         * nothing from it as long, before the link counts as broken. A live standby answers each
         * flush as it makes it, so with commits waiting its silence is the link's latency: this can be
         * shorter than the replication silence, which must outlast the idle second between replies.
         */
        @WithDefault("1s")
        Duration commitStall();


        /** Where the witness keeps its decisions, so a restarted witness does not forget who is primary. */
        Path stateFile();

        /** JDBC URL of a region's database, with {@code {region}} filled in. */
        @WithDefault("jdbc:postgresql://postgres.{region}.firebreak.internal:5432/postgres")
        String databaseUrl();

        /** The witness's database role: it reads role and replication state (pg_monitor), nothing else. */
        @WithDefault("witness")
        String databaseUser();

        /** Its password. */
        String databasePassword();

        /**
         * The kubeconfig of a region's API server for the witness (the Secret {@code witness-api-<region>}:
         * a token of the region's ServiceAccount {@code firebreak-witness}), with {@code {region}} filled in.
         */
        @WithDefault("/var/run/secrets/firebreak/regions/{region}/kubeconfig")
        String regionKubeconfig();
    }
}
