package dev.firebreak.k8s;

import static dev.firebreak.k8s.Manifests.configMap;
import static dev.firebreak.k8s.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every cluster overlay builds, passes the Kubernetes schema offline, and says who it is and who its peer is. */
class ClusterOverlaysTest {

    static final Map<String, String> PEERS = Map.of("region-a", "region-b", "region-b", "region-a");
    private static final Validator VALIDATOR = Validator.newInstance();

    /**
     * The validator's one known false report: it types IntOrString fields (a Service's targetPort,
     * a probe's port, a PodDisruptionBudget's maxUnavailable) as string only and rejects the
     * integers Kubernetes accepts there.
     */
    private static final java.util.regex.Pattern INTEGER_PORT = java.util.regex.Pattern.compile(
            "\\[Path '[^']*/(port|targetPort|maxUnavailable|minAvailable)'\\] Instance type \\(integer\\) does not match any allowed primitive type \\(allowed: \\[\"string\"\\]\\)");

    /** Schema errors of every object, but for {@link #INTEGER_PORT}. */
    static List<String> schemaErrors(List<JsonNode> docs) {
        List<String> errors = new ArrayList<>();
        for (JsonNode doc : docs) {
            for (ValidationMessage m : VALIDATOR.validate(doc).getMessages()) {
                boolean integerPort = INTEGER_PORT.matcher(m.getMessage()).matches();
                if (m.getLevel() == ValidationMessage.Level.ERROR && !integerPort) {
                    errors.add(doc.path("kind").asText() + "/" + doc.path("metadata").path("name").asText() + ": " + m.getMessage());
                }
            }
        }
        return errors;
    }

    @Test
    void baseAndEveryOverlayPassTheKubernetesSchema() throws Exception {
        assertThat(schemaErrors(Manifests.kustomize(Manifests.K8S.resolve("base")))).isEmpty();
        try (var clusters = Files.list(Manifests.K8S.resolve("clusters"))) {
            for (Path cluster : clusters.toList()) {
                List<JsonNode> docs = Manifests.kustomize(cluster);
                assertThat(docs).as(cluster.toString()).isNotEmpty();
                assertThat(schemaErrors(docs)).as(cluster.toString()).isEmpty();
            }
        }
    }

    @Test
    void theGlobalSiteRunsOnlyTheEdgeWithOneWitnessWhoseDecisionsOutliveItsPod() throws Exception {
        List<JsonNode> docs = Manifests.kustomize(Manifests.K8S.resolve("clusters/global"));
        JsonNode cluster = configMap(docs, "firebreak-cluster").path("data");
        assertThat(cluster.path("FIREBREAK_CLUSTER").asText()).isEqualTo("global");
        assertThat(cluster.path("FIREBREAK_REGIONS").asText()).isEqualTo("region-a,region-b");
        assertThat(ofKind(docs, "Deployment")).extracting(d -> d.path("metadata").path("name").asText()).containsExactly("edge");
        JsonNode edge = ofKind(docs, "Deployment").get(0);
        assertThat(edge.path("spec").path("replicas").asInt()).as("one witness").isEqualTo(1);
        assertThat(edge.path("spec").path("strategy").path("type").asText()).as("never two witnesses during a rollout").isEqualTo("Recreate");
        JsonNode c = Manifests.container(edge);
        assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
        assertThat(Manifests.env(c, "EDGE_WITNESS_DATABASE_PASSWORD").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("witness-db");
        String claim = null;
        for (JsonNode v : edge.path("spec").path("template").path("spec").path("volumes")) {
            if (v.has("persistentVolumeClaim")) {
                claim = v.path("persistentVolumeClaim").path("claimName").asText();
            }
        }
        assertThat(claim).isEqualTo("edge-witness-state");
        assertThat(ofKind(docs, "PersistentVolumeClaim")).extracting(p -> p.path("metadata").path("name").asText())
                .containsExactly("edge-witness-state");
        assertThat(ofKind(docs, "Ingress")).singleElement().satisfies(i -> assertThat(
                i.path("metadata").path("annotations").path("firebreak.dev/entry-point").asText()).isEqualTo("edge"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"region-a", "region-b"})
    void aRegionSaysWhoItIsAndWhoItsPeerIsSymmetrically(String region) throws Exception {
        List<JsonNode> docs = Manifests.kustomize(Manifests.K8S.resolve("clusters").resolve(region));
        String peer = PEERS.get(region);
        JsonNode cluster = configMap(docs, "firebreak-cluster").path("data");
        assertThat(cluster.path("FIREBREAK_CLUSTER").asText()).isEqualTo(region);
        assertThat(cluster.path("FIREBREAK_PEER").asText()).isEqualTo(peer);
        assertThat(cluster.path("FIREBREAK_DB_HOSTS").asText()).as("own database first, then the peer's")
                .startsWith("postgres." + region + ".").contains("postgres." + peer + ".");

        assertThat(ofKind(docs, "Deployment")).hasSize(Manifests.SERVICES.size()).allSatisfy(d -> {
            assertThat(d.path("metadata").path("labels").path("firebreak.dev/cluster").asText()).isEqualTo(region);
            assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("firebreak");
        });
        JsonNode status = configMap(docs, "status-svc-config").path("data");
        assertThat(status.path("STATUS_TARGETS_PAYMENT_URL").asText()).isEqualTo("http://payment-svc");
        assertThat(status.path("STATUS_TARGETS_PAYMENTPEER_URL").asText()).contains("." + peer + ".");
        assertThat(status.path("STATUS_TARGETS_PAYMENTPEER_REGION").asText()).isEqualTo(peer);
    }

    @Test
    void overlaysDifferOnlyInWhoTheyAre() throws Exception {
        String a = Files.readString(Manifests.K8S.resolve("clusters/region-a/kustomization.yaml"));
        String b = Files.readString(Manifests.K8S.resolve("clusters/region-b/kustomization.yaml"));
        String swapped = a.replace("region-a", "@").replace("region-b", "region-a").replace("@", "region-b");
        assertThat(swapped).as("region-b is region-a with the names swapped").isEqualTo(b);
    }

    @Test
    void aTypoInAnOverlayFailsValidation() throws Exception {
        Path typo = Manifests.K8S.resolve("target/typo-overlay");
        Files.createDirectories(typo);
        Files.writeString(typo.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../clusters/region-a
                patches:
                  - target:
                      kind: Deployment
                      name: payment-svc
                    patch: |-
                      - op: add
                        path: /spec/replica
                        value: 3
                """);
        assertThat(schemaErrors(Manifests.kustomize(typo)))
                .anySatisfy(e -> assertThat(e).startsWith("Deployment/payment-svc").contains("replica"));
    }
}
