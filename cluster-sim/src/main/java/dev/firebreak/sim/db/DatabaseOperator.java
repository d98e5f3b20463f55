package dev.firebreak.sim.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firebreak.pg.Replication;
import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.kubelet.Events;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A region's database operator on one machine: the part of CloudNativePG that Firebreak uses. It
 * reconciles the region's {@code Cluster} object ({@code firebreak-db}, namespace {@code firebreak},
 * on the region's own API server) into the PostgreSQL the simulator runs, and reports on it in the
 * object's status as CloudNativePG does ({@code currentPrimary}, {@code phase}, {@code demotionToken},
 * {@code lastPromotionToken}, a {@code Ready} condition). It runs in the region: it stops when the
 * region loses power and starts again with its control plane. What it reads of the spec:
 * <ul>
 *   <li>{@code spec.replica.primary} naming this region ({@code spec.replica.self}): the database is
 *       the primary. A standby is promoted ({@code pg_promote()}, nothing else in the simulator calls
 *       it) at once, or, with {@code spec.replica.promotionToken}, once it has replayed up to the
 *       demoted primary's last WAL position the token carries (a planned switchover).</li>
 *   <li>naming the other region: the database follows it. A primary is demoted: it shuts down
 *       cleanly (acknowledged commits are on the synchronous standby already), starts again as a
 *       standby, and reports where its WAL ends (the shutdown checkpoint) as {@code status.demotionToken}; once the other region is a primary it follows
 *       it as it is, nothing copied. A standby that follows nobody (and was not demoted so), or has
 *       not streamed for {@link #REBUILD_AFTER}, is rebuilt as a standby (a copy of the primary,
 *       where CloudNativePG runs {@code pg_rewind}).</li>
 *   <li>{@code spec.postgresql.synchronous}: present, commits wait for the other region's standby;
 *       absent, they do not (CloudNativePG names the replica cluster's designated primary
 *       {@code firebreak-db}; here it is the other region's replication name).</li>
 *   <li>{@code cnpg.io/fencedInstances}: the database is stopped while the annotation names any instance.</li>
 * </ul>
 * Differences from CloudNativePG are in docs/failover.md: one instance per region (no local
 * failover), a rebuild instead of {@code pg_rewind}, and a database that was killed stays down
 * until the fault is undone ({@code restore-database}) instead of its pod being restarted.
 *
 * <p>Over 300 lines on purpose: one reconcile loop, as an operator is; each branch of the spec
 * above is a short method beside the others.
 */
public final class DatabaseOperator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatabaseOperator.class);

    public static final String NAMESPACE = "firebreak";
    public static final String CLUSTER = "firebreak-db";
    public static final String API_VERSION = "postgresql.cnpg.io/v1";
    /** The instance name status reports: one instance per region here. */
    static final String INSTANCE = CLUSTER + "-1";
    static final Duration INTERVAL = Duration.ofMillis(250);
    /** How long a standby may follow its primary without streaming before it is rebuilt. */
    static final Duration REBUILD_AFTER = Duration.ofSeconds(5);
    static final String HEALTHY = "Cluster in healthy state";

    /** How a region's database reaches another region's primary: the WAN gateway for it. */
    @FunctionalInterface
    public interface Route {
        /** {@code host:port} at which {@code from} reaches {@code to}'s database. */
        String[] gateway(String from, String to);
    }

    /** What the operator reads of the Cluster's spec. */
    record Spec(String self, String primary, String source, String promotionToken, boolean synchronous, boolean fenced) {

        static Spec of(JsonNode cluster) {
            JsonNode replica = cluster.path("spec").path("replica");
            String fenced = cluster.path("metadata").path("annotations").path("cnpg.io/fencedInstances").asText("");
            return new Spec(replica.path("self").asText(null), replica.path("primary").asText(null), replica.path("source").asText(null),
                    replica.path("promotionToken").asText(""), cluster.path("spec").path("postgresql").has("synchronous"),
                    !fenced.isBlank() && !fenced.equals("[]"));
        }

        boolean designatesSelf() {
            return self != null && self.equals(primary);
        }
    }

    private final RegionDatabase database;
    private final Function<String, RegionDatabase> databases;
    private final Route route;
    private final Events events;
    private final Clock clock;
    private final String component;
    private KubernetesClient client;
    private ScheduledExecutorService loop;
    private Instant notStreamingSince;
    /** Whether the database is stopped because this operator fenced it (and so starts again when unfenced). */
    private boolean fencedByUs;
    private JsonNode lastStatus;
    private volatile String lastError;

    public DatabaseOperator(RegionDatabase database, Function<String, RegionDatabase> databases, Route route, Events events, Clock clock) {
        this.database = database;
        this.databases = databases;
        this.route = route;
        this.events = events;
        this.clock = clock;
        this.component = database.site().name() + "/database-operator";
    }

    /** Starts reconciling through {@code client} (the region's API server, as {@code firebreak:database-operator}). */
    public synchronized void start(KubernetesClient client) {
        stop();
        this.client = client;
        this.lastStatus = null;
        this.notStreamingSince = null;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, component);
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops at once (a power loss): whatever it was doing is cut short, as a killed pod's would be. */
    public synchronized void stop() {
        if (loop != null) {
            loop.shutdownNow();
            try {
                loop.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile();
            lastError = null;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastError)) {
                LOG.debugf("%s: %s", component, message);
            }
            lastError = message;
        }
    }

    private Resource<GenericKubernetesResource> cluster() {
        return client.genericKubernetesResources(API_VERSION, "Cluster").inNamespace(NAMESPACE).withName(CLUSTER);
    }

    /** One round: read the Cluster, bring the database to what it says, report. */
    void reconcile() {
        GenericKubernetesResource object = cluster().get();
        if (object == null) {
            return;
        }
        JsonNode cluster = Json.MAPPER.valueToTree(object);
        Spec spec = Spec.of(cluster);
        if (spec.self() == null || spec.primary() == null) {
            report(cluster, "Cluster cannot proceed to reconciliation", "spec.replica.self and spec.replica.primary are needed", false, null);
            return;
        }
        RegionDatabase.Look look = database.look();
        if (spec.fenced()) {
            if (look.running()) {
                database.stop();
                fencedByUs = true;
                events.warning(component, "Fenced", "Stopped " + database.site() + "'s database: cnpg.io/fencedInstances is set");
            }
            report(cluster, "Cluster in healthy state", "fenced: every instance is stopped", false, null);
            return;
        }
        if (!look.running()) {
            if (fencedByUs) {
                fencedByUs = false;
                database.restart();
                events.normal(component, "Unfenced", "Started " + database.site() + "'s database again (read-only until reconciled)");
                return;
            }
            report(cluster, "Waiting for the instances to become active", "the database does not answer", false, null);
            return;
        }
        if (spec.designatesSelf()) {
            primary(cluster, spec, look);
        } else {
            replica(cluster, spec, look);
        }
    }

    private void primary(JsonNode cluster, Spec spec, RegionDatabase.Look look) {
        if (look.inRecovery()) {
            String token = spec.promotionToken();
            if (!token.isEmpty() && !token.equals(cluster.path("status").path("lastPromotionToken").asText(""))) {
                String lsn = tokenLsn(token);
                if (!database.replayedUpTo(lsn)) {
                    report(cluster, "Switchover in progress", "waiting to replay up to " + lsn + " (the promotion token) before promoting",
                            false, null);
                    return;
                }
            }
            long start = System.nanoTime();
            database.promote();
            events.normal(component, "Promoted", database.site() + "'s database is the primary: the Cluster designates it"
                    + designatedBy(cluster) + (token.isEmpty() ? " (no promotion token: at once)" : " (replayed up to the promotion token)")
                    + ", pg_promote() took " + (System.nanoTime() - start) / 1_000_000 + " ms");
            report(cluster, HEALTHY, "promoted", true, token.isEmpty() ? null : token);
            return;
        }
        String wanted = spec.synchronous() && spec.source() != null ? replicationName(spec.source()) : "";
        String actual = stripQuotes(look.synchronousStandbyNames());
        if (!wanted.equals(actual)) {
            database.synchronousStandby(wanted);
            events.normal(component, wanted.isEmpty() ? "Asynchronous" : "Synchronous", wanted.isEmpty()
                    ? "Commits no longer wait for another region (spec.postgresql.synchronous removed" + designatedBy(cluster) + ")"
                    : "Commits wait for " + spec.source() + "'s standby (" + wanted + ")");
        }
        report(cluster, HEALTHY, "primary", true, null);
    }

    private void replica(JsonNode cluster, Spec spec, RegionDatabase.Look look) {
        RegionDatabase upstream = databases.apply(spec.primary());
        boolean upstreamIsPrimary = upstream != null && upstream.server().isRunning() && !upstream.look().inRecovery();
        if (!look.inRecovery()) {
            long start = System.nanoTime();
            Replication.Checkpoint end = database.demote();
            String token = demotionToken(end);
            events.normal(component, "Demoted", database.site() + "'s database was shut down cleanly and restarted as a standby in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms: the Cluster designates " + spec.primary() + designatedBy(cluster)
                    + "; its WAL ends at " + end.redoLsn() + " (status.demotionToken)");
            writeStatus(cluster, status(cluster, "Switchover in progress", "demoted: waiting for " + spec.primary() + " to be the primary",
                    false).put("demotionToken", token));
            return;
        }
        if (look.streaming()) {
            notStreamingSince = null;
            report(cluster, HEALTHY, "replica of " + spec.primary() + ", streaming", true, null);
            return;
        }
        Instant now = clock.instant();
        if (notStreamingSince == null) {
            notStreamingSince = now;
        }
        if (!look.followsSomeone() && upstreamIsPrimary && !cluster.path("status").path("demotionToken").asText("").isEmpty()) {
            // Demoted cleanly, it wrote nothing past its token: it follows the new timeline as it is
            // (where CloudNativePG would find pg_rewind has nothing to do). If PostgreSQL refuses,
            // it does not stream, and is rebuilt below once REBUILD_AFTER has passed.
            String[] gateway = route.gateway(database.site().name(), spec.primary());
            database.follow(upstream, gateway[0], Integer.parseInt(gateway[1]));
            notStreamingSince = now;
            events.normal(component, "Following", database.site() + "'s demoted database follows " + spec.primary()
                    + " from where its WAL ends, without a rebuild");
            report(cluster, "Waiting for the instances to become active", "replica of " + spec.primary() + ", connecting", false, null);
            return;
        }
        boolean stuck = !look.followsSomeone() || Duration.between(notStreamingSince, now).compareTo(REBUILD_AFTER) >= 0;
        if (stuck && upstreamIsPrimary) {
            rebuild(cluster, spec, look.followsSomeone() ? "it has not streamed from " + spec.primary() + " for "
                    + Duration.between(notStreamingSince, now).toMillis() + " ms" : "it follows nobody");
            return;
        }
        report(cluster, "Waiting for the instances to become active", "replica of " + spec.primary() + ", not streaming", false, null);
    }

    private void rebuild(JsonNode cluster, Spec spec, String why) {
        String[] gateway = route.gateway(database.site().name(), spec.primary());
        long start = System.nanoTime();
        report(cluster, "Creating a new replica", "rebuilding as a replica of " + spec.primary() + ": " + why, false, null);
        database.rejoin(databases.apply(spec.primary()), gateway[0], Integer.parseInt(gateway[1]));
        notStreamingSince = null;
        events.normal(component, "Rejoined", database.site() + "'s database was rebuilt as a standby of " + spec.primary() + " (" + why
                + ") in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        report(cluster, HEALTHY, "replica of " + spec.primary() + ", streaming", true, null);
    }

    /** Reports {@code phase} unless it is what the status says already. */
    private void report(JsonNode cluster, String phase, String reason, boolean ready, String promotionToken) {
        ObjectNode status = status(cluster, phase, reason, ready);
        if (promotionToken != null) {
            status.put("lastPromotionToken", promotionToken);
        }
        writeStatus(cluster, status);
    }

    private ObjectNode status(JsonNode cluster, String phase, String reason, boolean ready) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.put("phase", phase).put("phaseReason", reason).put("instances", 1).put("readyInstances", ready ? 1 : 0)
                .put("currentPrimary", INSTANCE).put("targetPrimary", INSTANCE);
        status.putObject("switchReplicaClusterStatus").put("inProgress", phase.startsWith("Switchover"));
        // As CloudNativePG: the demotion token stays until the region is the primary again.
        if (Spec.of(cluster).designatesSelf() && "primary".equals(reason)) {
            status.putNull("demotionToken");
        }
        return status;
    }

    private void writeStatus(JsonNode cluster, ObjectNode status) {
        if (status.equals(lastStatus)) {
            return;
        }
        ObjectNode condition = Json.MAPPER.createObjectNode();
        boolean ready = status.path("readyInstances").asInt() > 0;
        condition.put("type", "Ready").put("status", ready ? "True" : "False").put("reason", ready ? "ClusterIsReady" : "ClusterIsNotReady")
                .put("message", status.path("phaseReason").asText()).put("lastTransitionTime", clock.instant().truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS).toString());
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode withCondition = status.deepCopy();
        withCondition.putArray("conditions").add(condition);
        body.set("status", withCondition);
        cluster().subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
        lastStatus = status;
    }

    /** A demotion token as CloudNativePG writes one: base64 of the demoted primary's last checkpoint data, as JSON. */
    static String demotionToken(Replication.Checkpoint end) {
        String json = Json.MAPPER.createObjectNode().put("latestCheckpointTimelineID", String.valueOf(end.timeline()))
                .put("databaseSystemIdentifier", end.systemId()).put("latestCheckpointREDOLocation", end.redoLsn()).toString();
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The WAL position a promotion token carries. */
    static String tokenLsn(String token) {
        try {
            JsonNode json = Json.MAPPER.readTree(Base64.getDecoder().decode(token));
            String lsn = json.path("latestCheckpointREDOLocation").asText("");
            if (!lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
                throw new IllegalArgumentException("no latestCheckpointREDOLocation in it");
            }
            return lsn;
        } catch (Exception e) {
            throw new IllegalArgumentException("spec.replica.promotionToken is not a demotion token: " + e.getMessage(), e);
        }
    }

    private static String designatedBy(JsonNode cluster) {
        String by = cluster.path("metadata").path("annotations").path("firebreak.dev/designated-by").asText("");
        return by.isEmpty() ? "" : " (designated by " + by + ")";
    }

    static String replicationName(String region) {
        return region.replace('-', '_');
    }

    private static String stripQuotes(String names) {
        return names == null ? "" : names.replace("\"", "").strip();
    }

    /** The last thing that kept a round from finishing, if the last round failed. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stop();
    }
}
