package dev.firebreak.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A structural check of the custom resources Firebreak ships, since their schemas (CloudNativePG,
 * Chaos Mesh) are not available offline to the validator: every field used must be one the
 * operator's CRD defines at that place (so a typo fails, as the schema would make it), and the
 * fields Firebreak relies on must be there with sensible values. The field lists come from
 * CloudNativePG 1.27's {@code Cluster} and {@code Database} and Chaos Mesh 2.7's
 * {@code PodChaos} and {@code NetworkChaos} API references; they cover what is used here, not
 * every field those CRDs have.
 */
final class CustomResources {

    /** Kinds checked here (all others go to the Kubernetes schema). */
    static final Set<String> KINDS = Set.of("Cluster", "Database", "PodChaos", "NetworkChaos");

    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");

    /** Known fields by path; a path missing here has free-form content (e.g. parameters). */
    private static final Map<String, Set<String>> KNOWN = Map.ofEntries(
            Map.entry("Cluster.spec", Set.of("instances", "imageName", "primaryUpdateStrategy", "primaryUpdateMethod", "storage",
                    "walStorage", "resources", "enableSuperuserAccess", "superuserSecret", "postgresql", "managed", "replica",
                    "externalClusters", "bootstrap", "certificates", "affinity", "topologySpreadConstraints", "monitoring",
                    "minSyncReplicas", "maxSyncReplicas", "backup", "plugins", "description", "inheritedMetadata")),
            Map.entry("Cluster.spec.storage", Set.of("size", "storageClass", "resizeInUseVolumes", "pvcTemplate")),
            Map.entry("Cluster.spec.resources", Set.of("requests", "limits")),
            Map.entry("Cluster.spec.superuserSecret", Set.of("name")),
            Map.entry("Cluster.spec.postgresql", Set.of("parameters", "synchronous", "pg_hba", "pg_ident", "shared_preload_libraries",
                    "syncReplicaElectionConstraint", "ldap", "promotionTimeout", "enableAlterSystem")),
            Map.entry("Cluster.spec.postgresql.synchronous", Set.of("method", "number", "maxStandbyNamesFromCluster", "standbyNamesPre",
                    "standbyNamesPost", "dataDurability", "failoverQuorum")),
            Map.entry("Cluster.spec.managed", Set.of("roles", "services")),
            Map.entry("Cluster.spec.managed.roles[]", Set.of("name", "login", "inRoles", "passwordSecret", "ensure", "comment",
                    "superuser", "createdb", "createrole", "inherit", "replication", "bypassrls", "connectionLimit", "validUntil",
                    "disablePassword")),
            Map.entry("Cluster.spec.managed.roles[].passwordSecret", Set.of("name")),
            Map.entry("Cluster.spec.replica", Set.of("enabled", "source", "primary", "self", "promotionToken", "minApplyDelay")),
            Map.entry("Cluster.spec.externalClusters[]", Set.of("name", "connectionParameters", "password", "sslKey", "sslCert",
                    "sslRootCert", "barmanObjectStore", "plugin")),
            Map.entry("Cluster.spec.externalClusters[].password", Set.of("name", "key")),
            Map.entry("Cluster.spec.bootstrap", Set.of("initdb", "pg_basebackup", "recovery")),
            Map.entry("Cluster.spec.bootstrap.initdb", Set.of("database", "owner", "secret", "postInitSQL", "postInitApplicationSQL",
                    "dataChecksums", "encoding", "localeCollate", "localeCType", "walSegmentSize")),
            Map.entry("Cluster.spec.bootstrap.initdb.secret", Set.of("name")),
            Map.entry("Cluster.spec.bootstrap.pg_basebackup", Set.of("source", "database", "owner", "secret")),
            Map.entry("Database.spec", Set.of("cluster", "name", "owner", "ensure", "databaseReclaimPolicy", "encoding", "template",
                    "extensions", "schemas", "allowConnections", "connectionLimit", "isTemplate", "tablespace")),
            Map.entry("Database.spec.cluster", Set.of("name")),
            Map.entry("PodChaos.spec", Set.of("action", "mode", "value", "selector", "gracePeriod", "duration", "containerNames")),
            Map.entry("PodChaos.spec.selector", Set.of("namespaces", "labelSelectors", "fieldSelectors", "annotationSelectors",
                    "nodeSelectors", "nodes", "pods", "podPhaseSelectors", "expressionSelectors")),
            Map.entry("NetworkChaos.spec", Set.of("action", "mode", "value", "selector", "direction", "target", "externalTargets",
                    "delay", "loss", "duplicate", "corrupt", "bandwidth", "duration", "device", "targetDevice")),
            Map.entry("NetworkChaos.spec.selector", Set.of("namespaces", "labelSelectors", "fieldSelectors", "annotationSelectors",
                    "nodeSelectors", "nodes", "pods", "podPhaseSelectors", "expressionSelectors")),
            Map.entry("NetworkChaos.spec.delay", Set.of("latency", "jitter", "correlation", "reorder")));

    private static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d+)?(ns|us|ms|s|m|h)");

    private CustomResources() {
    }

    /** What is wrong with {@code doc}, a custom resource of one of {@link #KINDS}. */
    static List<String> problems(JsonNode doc) {
        String kind = doc.path("kind").asText();
        String name = kind + "/" + doc.path("metadata").path("name").asText();
        List<String> problems = new ArrayList<>();
        doc.path("metadata").fieldNames().forEachRemaining(f -> {
            if (!METADATA.contains(f)) {
                problems.add(name + ": unknown field metadata." + f);
            }
        });
        unknownFields(kind + ".spec", doc.path("spec"), problems, name);
        JsonNode spec = doc.path("spec");
        switch (kind) {
            case "Cluster" -> {
                require(doc.path("apiVersion").asText().equals("postgresql.cnpg.io/v1"), name + ": apiVersion must be postgresql.cnpg.io/v1", problems);
                require(spec.path("instances").isInt() && spec.path("instances").asInt() >= 1, name + ": spec.instances must be a positive integer", problems);
                require(spec.path("storage").path("size").isTextual(), name + ": spec.storage.size is required", problems);
                require(spec.path("bootstrap").size() == 1, name + ": spec.bootstrap must name exactly one method", problems);
                List<String> external = new ArrayList<>();
                spec.path("externalClusters").forEach(e -> external.add(e.path("name").asText()));
                for (String field : List.of("primary", "self", "source")) {
                    require(external.contains(spec.path("replica").path(field).asText()),
                            name + ": spec.replica." + field + " must name one of externalClusters " + external, problems);
                }
                JsonNode sync = spec.path("postgresql").path("synchronous");
                if (!sync.isMissingNode()) {
                    require(Set.of("any", "first").contains(sync.path("method").asText()), name + ": synchronous.method must be any or first", problems);
                    require(sync.path("number").asInt() >= 1, name + ": synchronous.number must be at least 1", problems);
                }
            }
            case "Database" -> {
                require(spec.path("cluster").path("name").isTextual(), name + ": spec.cluster.name is required", problems);
                require(spec.path("name").isTextual() && spec.path("owner").isTextual(), name + ": spec.name and spec.owner are required", problems);
            }
            case "PodChaos" -> {
                require(Set.of("pod-kill", "pod-failure", "container-kill").contains(spec.path("action").asText()),
                        name + ": spec.action must be pod-kill, pod-failure or container-kill", problems);
                mode(spec, name, problems);
            }
            case "NetworkChaos" -> {
                String action = spec.path("action").asText();
                require(Set.of("netem", "delay", "loss", "duplicate", "corrupt", "partition", "bandwidth").contains(action),
                        name + ": unknown spec.action " + action, problems);
                mode(spec, name, problems);
                require(Set.of("to", "from", "both").contains(spec.path("direction").asText()), name + ": spec.direction must be to, from or both", problems);
                require(spec.path("externalTargets").size() > 0 || spec.has("target"), name + ": a target or externalTargets is required", problems);
                if (action.equals("delay")) {
                    require(DURATION.matcher(spec.path("delay").path("latency").asText()).matches(), name + ": spec.delay.latency must be a duration like 300ms", problems);
                }
            }
            default -> problems.add(name + ": not a custom resource checked here");
        }
        return problems;
    }

    private static void mode(JsonNode spec, String name, List<String> problems) {
        require(Set.of("one", "all", "fixed", "fixed-percent", "random-max-percent").contains(spec.path("mode").asText()),
                name + ": spec.mode must be one, all, fixed, fixed-percent or random-max-percent", problems);
        require(spec.path("selector").size() > 0, name + ": spec.selector is required", problems);
    }

    private static void unknownFields(String path, JsonNode node, List<String> problems, String name) {
        Set<String> known = KNOWN.get(path);
        if (node.isArray()) {
            node.forEach(item -> unknownFields(path + "[]", item, problems, name));
            return;
        }
        if (known == null || !node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                problems.add(name + ": unknown field " + path.substring(path.indexOf('.') + 1) + "." + field);
            } else {
                unknownFields(path + "." + field, node.get(field), problems, name);
            }
        }
    }

    private static void require(boolean ok, String problem, List<String> problems) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
