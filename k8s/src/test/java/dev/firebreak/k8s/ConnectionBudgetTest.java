package dev.firebreak.k8s;

import static dev.firebreak.k8s.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * After a failover or a switchover every pod of both regions connects to the one primary: the
 * pools of all of them at their maximum, with a rolling update's surge pods, must fit in that
 * primary's {@code max_connections}. The simulated region-a-fire found it the hard way: twelve
 * pods with pools of 20 asked the new primary for 240 connections of its 200, and the failback
 * answered "remaining connection slots are reserved" for 20 s (docs/data-safety.md).
 */
class ConnectionBudgetTest {

    static final List<String> REGIONS = List.of("region-a", "region-b");
    /** Each pod's DatabaseWatch holds one connection to each server of its URL, outside the pool. */
    static final int WATCH_CONNECTIONS_PER_POD = 1;
    /** PostgreSQL's superuser_reserved_connections (3 by default) and the witness's and operator's own. */
    static final int RESERVED = 3 + 10;

    @Test
    void everyPodOfBothRegionsAtItsPoolsMaximumFitsInThePrimarysMaxConnections() throws Exception {
        int poolMax = poolMaxSize();
        int demand = RESERVED;
        StringBuilder how = new StringBuilder();
        Integer maxConnections = null;
        for (String region : REGIONS) {
            List<JsonNode> docs = Manifests.kustomize(Manifests.K8S.resolve("clusters").resolve(region));
            for (JsonNode deployment : ofKind(docs, "Deployment")) {
                String name = deployment.path("metadata").path("name").asText();
                if (!Manifests.DATABASE_SERVICES.contains(name)) {
                    continue;
                }
                int replicas = deployment.path("spec").path("replicas").asInt(1);
                int pods = replicas + maxSurge(deployment, replicas);
                JsonNode override = Manifests.env(Manifests.container(deployment), "QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
                int pool = override == null ? poolMax : Integer.parseInt(override.path("value").asText());
                demand += pods * (pool + WATCH_CONNECTIONS_PER_POD);
                how.append(String.format("%s/%s: %d pods x (%d + %d)%n", region, name, pods, pool, WATCH_CONNECTIONS_PER_POD));
            }
            JsonNode cluster = ofKind(docs, "Cluster").get(0);
            int max = Integer.parseInt(cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asText("100"));
            assertThat(maxConnections).as("both regions' databases allow the same number of connections").isIn(null, max);
            maxConnections = max;
        }
        assertThat(demand).as("connections the primary may be asked for after a failover, against its max_connections %d:%n%s"
                + "plus %d reserved", maxConnections, how, RESERVED).isLessThanOrEqualTo(maxConnections);
    }

    @Test
    void theSurgeOfARollingUpdateIsCountedAsKubernetesRoundsIt() throws Exception {
        JsonNode byDefault = Manifests.documents("spec: {replicas: 2}").get(0);
        JsonNode percent = Manifests.documents("spec: {strategy: {rollingUpdate: {maxSurge: 50%}}}").get(0);
        JsonNode absolute = Manifests.documents("spec: {strategy: {rollingUpdate: {maxSurge: 3}}}").get(0);
        JsonNode recreate = Manifests.documents("spec: {strategy: {type: Recreate}}").get(0);
        assertThat(maxSurge(byDefault, 2)).as("25 %% of 2, rounded up").isEqualTo(1);
        assertThat(maxSurge(percent, 3)).isEqualTo(2);
        assertThat(maxSurge(absolute, 2)).isEqualTo(3);
        assertThat(maxSurge(recreate, 2)).isZero();
    }

    /** The pool's maximum every service inherits from libs/common-db. */
    static int poolMaxSize() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Manifests.ROOT.resolve("libs/common-db/src/main/resources/META-INF/microprofile-config.properties"))) {
            p.load(r);
        }
        return Integer.parseInt(p.getProperty("quarkus.datasource.jdbc.max-size"));
    }

    /** Extra pods a rolling update may start: {@code maxSurge}, 25 % by default, percentages rounded up. */
    static int maxSurge(JsonNode deployment, int replicas) {
        JsonNode strategy = deployment.path("spec").path("strategy");
        if ("Recreate".equals(strategy.path("type").asText())) {
            return 0;
        }
        String surge = strategy.path("rollingUpdate").path("maxSurge").asText("25%");
        if (surge.endsWith("%")) {
            return (int) Math.ceil(replicas * Integer.parseInt(surge.substring(0, surge.length() - 1)) / 100.0);
        }
        return Integer.parseInt(surge);
    }
}
