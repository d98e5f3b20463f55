package dev.firebreak.k8s;

import static dev.firebreak.k8s.Manifests.container;
import static dev.firebreak.k8s.Manifests.env;
import static dev.firebreak.k8s.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaseManifestsTest {

    static List<JsonNode> base;

    @BeforeAll
    static void build() throws Exception {
        base = Manifests.kustomize(Manifests.K8S.resolve("base"));
    }

    @Test
    void committedBaseIsWhatTheServicesBuildsGenerate() throws Exception {
        for (String svc : Manifests.GENERATED) {
            Path generated = Manifests.ROOT.resolve(svc).resolve("target/kubernetes/kubernetes.yml");
            if (!Files.exists(generated)) {
                fail("%s does not exist: build the services first (./mvnw -B package)", generated);
            }
            // Quarkus emits labels and env vars in no fixed order, so compare meaning, not text.
            Path committed = Manifests.K8S.resolve("base").resolve(svc).resolve("kubernetes.yml");
            assertThat(Manifests.normalized(Files.readString(committed)))
                    .as("k8s/base/%s/kubernetes.yml is stale: run k8s/sync-base.sh and commit", svc)
                    .isEqualTo(Manifests.normalized(Files.readString(generated)));
        }
    }

    @Test
    void baseHasADeploymentAndAServicePerService() {
        assertThat(ofKind(base, "Deployment")).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Manifests.SERVICES);
        assertThat(ofKind(base, "Service")).extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(Manifests.SERVICES);
    }

    @Test
    void everyDeploymentHasLivenessReadinessAndStartupProbes() {
        for (JsonNode deployment : ofKind(base, "Deployment")) {
            JsonNode c = container(deployment);
            String name = deployment.path("metadata").path("name").asText();
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/started");
            JsonNode startup = c.path("startupProbe");
            assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
                    .as("%s: startup allows a database failover to finish before liveness takes over", name)
                    .isGreaterThanOrEqualTo(60);
            assertThat(c.path("resources").path("limits").path("memory").asText()).as(name).isNotEmpty();
            assertThat(c.path("resources").path("requests").path("cpu").asText()).as(name).isNotEmpty();
        }
    }

    @Test
    void databaseUrlsFindThePrimaryAndOutlastAFailoverWithoutQueryTimeouts() {
        for (JsonNode deployment : ofKind(base, "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            if (!Manifests.DATABASE_SERVICES.contains(name)) {
                continue;
            }
            JsonNode c = container(deployment);
            assertThat(env(c, "QUARKUS_DATASOURCE_JDBC_URL")).as("%s: the URL comes from its ConfigMap, not a literal", name).isNull();
            String url = Manifests.configMap(base, name + "-config").path("data").path("QUARKUS_DATASOURCE_JDBC_URL").asText();
            assertThat(url).as(name).startsWith("jdbc:postgresql://${firebreak.db.hosts}/")
                    .contains("targetServerType=primary").contains("connectTimeout=").contains("socketTimeout=")
                    .doesNotContain("queryTimeout").doesNotContain("statement_timeout");
            for (String secret : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                JsonNode e = env(c, secret);
                assertThat(e).as("%s sets %s", name, secret).isNotNull();
                assertThat(e.has("value")).as("%s: %s must come from a Secret, not a literal", name, secret).isFalse();
                assertThat(e.path("valueFrom").path("secretKeyRef").path("name").asText()).as(name).endsWith("-db");
            }
        }
    }

    @Test
    void everyPodGetsThePublicKeyAndOnlyTheIssuerTheSigningKey() {
        for (JsonNode deployment : ofKind(base, "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            List<String> secrets = new java.util.ArrayList<>();
            deployment.path("spec").path("template").path("spec").path("volumes")
                    .forEach(v -> secrets.add(v.path("secret").path("secretName").asText()));
            assertThat(secrets).as(name).contains("firebreak-jwt-public");
            assertThat(secrets.contains("firebreak-jwt-signing")).as("%s holds the signing key", name).isEqualTo(name.equals("messaging-svc"));
            assertThat(secrets.contains("taxi-svc-identity")).as("%s holds taxi's identity", name).isEqualTo(name.equals("taxi-svc"));
            JsonNode mounts = container(deployment).path("volumeMounts");
            mounts.forEach(m -> assertThat(m.path("readOnly").asBoolean()).as("%s mounts %s read-only", name, m.path("name").asText()).isTrue());
        }
    }

    @Test
    void noSchemaMigrationJobSidelinesTheInProcessMigration() {
        assertThat(ofKind(base, "Job")).as("Flyway runs in-process with retries; an init Job would disable it").isEmpty();
        for (JsonNode deployment : ofKind(base, "Deployment")) {
            assertThat(env(container(deployment), "QUARKUS_FLYWAY_ACTIVE")).isNull();
        }
    }
}
