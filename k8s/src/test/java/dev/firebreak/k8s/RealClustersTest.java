package dev.firebreak.k8s;

import static dev.firebreak.k8s.Manifests.K8S;
import static dev.firebreak.k8s.Manifests.container;
import static dev.firebreak.k8s.Manifests.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a user applies to real clusters: every overlay and component combination builds and
 * passes the Kubernetes schema offline (the CloudNativePG and Chaos Mesh objects a structural
 * check, {@link CustomResources}); every pod is hardened; a schema error anywhere fails; the
 * project's shell scripts pass bash -n and shellcheck, and the witness's CloudNativePG actions do what
 * docs/kubernetes.md says.
 */
class RealClustersTest {

    /** Every folder a user can {@code kubectl apply -k}. */
    static Stream<String> applyable() {
        return Stream.of("base", "clusters/region-a", "clusters/region-b", "clusters/global",
                "kind/clusters/region-a", "kind/clusters/region-b", "kind/clusters/global",
                "components/chaos-mesh/pod-kill", "components/chaos-mesh/partition/region-a", "components/chaos-mesh/partition/region-b",
                "components/chaos-mesh/wan-latency/region-a", "components/chaos-mesh/wan-latency/region-b");
    }

    /** Schema errors of the built-in kinds and structural problems of the custom resources. */
    static List<String> problems(List<JsonNode> docs) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> builtIn = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (CustomResources.KINDS.contains(doc.path("kind").asText())) {
                problems.addAll(CustomResources.problems(doc));
            } else {
                builtIn.add(doc);
            }
        }
        problems.addAll(ClusterOverlaysTest.schemaErrors(builtIn));
        return problems;
    }

    @ParameterizedTest
    @MethodSource("applyable")
    void everyApplyableFolderBuildsAndPassesTheSchema(String folder) throws Exception {
        List<JsonNode> docs = Manifests.kustomize(K8S.resolve(folder));
        assertThat(docs).as(folder).isNotEmpty();
        assertThat(problems(docs)).as(folder).isEmpty();
    }

    /** {@code base} with one JSON-patch {@code add} of {@code value} at {@code path} on every {@code kind}, built. */
    static List<JsonNode> withTypo(String name, String base, String kind, String path, String value) throws Exception {
        Path typo = K8S.resolve("target/typo-" + name);
        Files.createDirectories(typo);
        Files.writeString(typo.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../../%s
                patches:
                  - target:
                      kind: %s
                    patch: |-
                      - op: add
                        path: %s
                        value: %s
                """.formatted(base, kind, path, value));
        return Manifests.kustomize(typo);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind/clusters/region-a", "kind/clusters/region-b", "kind/clusters/global"})
    void aSchemaErrorInAKindOverlayFailsIt(String overlay) throws Exception {
        List<JsonNode> docs = withTypo(overlay.replace('/', '-'), overlay, "Deployment", "/spec/template/spec/containers/0/imagePullPolcy", "Never");
        assertThat(problems(docs)).anySatisfy(e -> assertThat(e).startsWith("Deployment/").contains("imagePullPolcy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/spec/instance", "/spec/replica/slef", "/spec/postgresql/synchronus"})
    void aTypoInTheDatabaseClusterFailsItsStructuralCheck(String path) throws Exception {
        List<JsonNode> docs = withTypo("cnpg" + path.replace('/', '-'), "kind/clusters/region-a", "Cluster", path, "2");
        String field = path.substring(path.lastIndexOf('/') + 1);
        assertThat(problems(docs)).anySatisfy(e -> assertThat(e).startsWith("Cluster/firebreak-db").contains(field));
    }

    @Test
    void theRegionsFormOneDistributedDatabaseWithRegionAPrimaryAndRegionBItsSynchronousReplica() throws Exception {
        JsonNode a = ofKind(Manifests.kustomize(K8S.resolve("kind/clusters/region-a")), "Cluster").get(0).path("spec");
        JsonNode b = ofKind(Manifests.kustomize(K8S.resolve("kind/clusters/region-b")), "Cluster").get(0).path("spec");
        assertThat(a.path("replica").path("self").asText()).isEqualTo("region-a");
        assertThat(b.path("replica").path("self").asText()).isEqualTo("region-b");
        assertThat(a.path("replica").path("primary").asText()).isEqualTo("region-a");
        assertThat(b.path("replica").path("primary").asText()).as("both name the same primary").isEqualTo("region-a");
        assertThat(a.path("bootstrap").has("initdb")).isTrue();
        assertThat(b.path("bootstrap").path("pg_basebackup").path("source").asText()).isEqualTo("region-a");
        for (JsonNode spec : List.of(a, b)) {
            JsonNode sync = spec.path("postgresql").path("synchronous");
            assertThat(sync.path("maxStandbyNamesFromCluster").asInt()).as("no local instance counts as the synchronous standby").isZero();
            assertThat(sync.path("standbyNamesPre").get(0).asText()).isEqualTo("firebreak-db");
            assertThat(sync.path("dataDurability").asText()).isEqualTo("required");
            assertThat(spec.toString()).as("credentials come from Secrets").doesNotContainIgnoringCase("password\":\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"clusters/region-a", "clusters/region-b", "clusters/global"})
    void everyPodRunsAsNonRootOnAReadOnlyRootWithNoCapabilities(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.kustomize(K8S.resolve(overlay));
        List<JsonNode> deployments = ofKind(docs, "Deployment");
        assertThat(deployments).isNotEmpty();
        for (JsonNode d : deployments) {
            String name = d.path("metadata").path("name").asText();
            JsonNode pod = d.path("spec").path("template").path("spec");
            JsonNode sc = container(d).path("securityContext");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).as(name).isEqualTo("RuntimeDefault");
            assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(sc.path("capabilities").path("drop").toString()).as(name).isEqualTo("[\"ALL\"]");
            assertThat(container(d).path("volumeMounts").toString()).as(name + " writes only to /tmp").contains("\"mountPath\":\"/tmp\"");
            assertThat(container(d).path("resources").path("limits").path("memory").isMissingNode()).as(name + " memory limit").isFalse();
            if (!name.equals("edge")) {
                assertThat(pod.path("topologySpreadConstraints")).as(name + " spreads its replicas").hasSize(2);
            }
        }
        // What the simulated clusters' v1.20 API server cannot serve stays in components for real clusters.
        assertThat(ofKind(docs, "PodDisruptionBudget")).as("policy/v1 needs 1.21: the disruption-budgets component").isEmpty();
        assertThat(docs.toString()).as("matchLabelKeys needs 1.27: the spread-per-revision component").doesNotContain("matchLabelKeys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kind/clusters/region-a", "kind/clusters/region-b"})
    void realRegionsGetDisruptionBudgetsAndSpreadPerRevision(String overlay) throws Exception {
        List<JsonNode> docs = Manifests.kustomize(K8S.resolve(overlay));
        for (JsonNode d : ofKind(docs, "Deployment")) {
            String name = d.path("metadata").path("name").asText();
            assertThat(ofKind(docs, "PodDisruptionBudget")).as(name + " has a disruption budget")
                    .anySatisfy(p -> assertThat(p.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                            .isEqualTo(name));
            assertThat(d.path("spec").path("template").path("spec").path("topologySpreadConstraints"))
                    .allSatisfy(c -> assertThat(c.path("matchLabelKeys").toString()).isEqualTo("[\"pod-template-hash\"]"));
        }
    }

    @Test
    void theKindRegionsDenyByDefaultAndExportTheirServicesOnFixedNodePorts() throws Exception {
        List<JsonNode> docs = Manifests.kustomize(K8S.resolve("kind/clusters/region-a"));
        assertThat(ofKind(docs, "NetworkPolicy")).extracting(p -> p.path("metadata").path("name").asText())
                .contains("default-deny-ingress", "allow-in-namespace", "allow-other-sites");
        Map<String, Integer> ports = new java.util.TreeMap<>();
        ofKind(docs, "Service").stream().filter(s -> s.path("spec").path("type").asText().equals("NodePort"))
                .forEach(s -> ports.put(s.path("metadata").path("name").asText(), s.path("spec").path("ports").get(0).path("nodePort").asInt()));
        assertThat(ports).containsEntry("payment-svc-wan", 30082).containsEntry("postgres-wan", 30432);
        assertThat(Files.readString(K8S.resolve("kind/up.sh"))).as("up.sh knows the same ports")
                .contains("[payment-svc]=30082", "[postgres]=30432");
        List<JsonNode> global = Manifests.kustomize(K8S.resolve("kind/clusters/global"));
        assertThat(Manifests.configMap(global, "firebreak-cluster").path("data").has("EDGE_WITNESS_ENABLED"))
                .as("the witness is on, on kind as everywhere").isFalse();
        assertThat(Files.readString(K8S.resolve("kind/up.sh"))).as("up.sh hands the witness each region's API credential")
                .contains("witness-api-$r", "firebreak-witness-token");
    }

    /** Every shell script of the project: the kind scripts, the witness's actions, the launcher, CI, the control plane's build, the benchmarks. */
    static Stream<Path> scripts() throws IOException {
        Path root = K8S.getParent();
        try (Stream<Path> bench = Files.list(root.resolve("bench"))) {
            return Stream.concat(Stream.of(K8S.resolve("kind/up.sh"), K8S.resolve("kind/down.sh"),
                    K8S.resolve("components/cloudnative-pg/witness-actions.sh"), root.resolve("firebreak"), root.resolve(".ci/run"),
                    root.resolve("cluster-sim/control-plane/build-kubernetes.sh")),
                    bench.filter(p -> p.toString().endsWith(".sh")).sorted().toList().stream());
        }
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void scriptsPassBashNAndShellcheck(Path script) throws Exception {
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        assertThat(run(Map.of(), "bash", "-n", script.toString())).as("bash -n " + script).isEqualTo(new Result(0, ""));
        boolean shellcheck = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "shellcheck")));
        assumeTrue(shellcheck, "SKIPPED LOUDLY: shellcheck is not installed (apt-get install shellcheck; ./firebreak test installs it)");
        Result r = run(Map.of(), "shellcheck", script.toString());
        assertThat(r.code()).as("shellcheck " + script + ":\n" + r.out()).isZero();
    }

    @Test
    void theWitnessActionsAreTheCloudNativePgStepsDocsDescribe() throws Exception {
        String script = K8S.resolve("components/cloudnative-pg/witness-actions.sh").toString();
        Map<String, String> dry = Map.of("DRY_RUN", "1", "USER", "tester");
        // Exactly the patches of actions/*.json, which the witness sends too (ClusterActions): one place says what each does.
        java.util.function.BiFunction<String, Map<String, String>, String> action = (name, values) -> {
            try {
                String body = Files.readString(K8S.resolve("components/cloudnative-pg/actions/" + name + ".json")).strip()
                        .replace("${BY}", "witness-actions.sh by tester");
                for (var e : values.entrySet()) {
                    body = body.replace("${" + e.getKey() + "}", e.getValue());
                }
                return body;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        String patch = "-n firebreak patch cluster.postgresql.cnpg.io/firebreak-db --type=merge -p ";
        assertThat(run(dry, script, "promote", "region-b").out().strip()).isEqualTo(
                "kubectl --context kind-region-b " + patch + action.apply("promote", Map.of("PRIMARY", "region-b")));
        assertThat(run(dry, script, "promote", "region-b").out()).contains("\"synchronous\":null").doesNotContain("${");
        assertThat(run(dry, script, "demote", "region-a", "region-b").out().strip()).isEqualTo(
                "kubectl --context kind-region-a " + patch + action.apply("demote", Map.of("PRIMARY", "region-b")));
        assertThat(run(dry, script, "degrade", "region-a").out().strip()).isEqualTo(
                "kubectl --context kind-region-a " + patch + action.apply("degrade", Map.of()));
        assertThat(run(dry, script, "fence", "region-a").out().strip()).isEqualTo(
                "kubectl --context kind-region-a " + patch + action.apply("fence", Map.of()));
        assertThat(run(dry, script, "switchover", "region-b").out().lines().toList()).containsExactly(
                "kubectl --context kind-region-a " + patch + action.apply("demote", Map.of("PRIMARY", "region-b")),
                "kubectl --context kind-region-b " + patch + action.apply("promote-with-token", Map.of("PRIMARY", "region-b",
                        "TOKEN", "status.demotionToken.of.region-a")));
        Result rejoin = run(dry, script, "rejoin", "region-a", "region-b");
        assertThat(rejoin.code()).as(rejoin.out()).isZero();
        List<JsonNode> rebuilt = Manifests.documents(rejoin.out().lines().filter(l -> !l.startsWith("kubectl ")).reduce("", (x, y) -> x + y + "\n"));
        JsonNode cluster = ofKind(rebuilt, "Cluster").get(0).path("spec");
        assertThat(cluster.path("replica").path("primary").asText()).isEqualTo("region-b");
        assertThat(cluster.path("replica").path("self").asText()).isEqualTo("region-a");
        assertThat(cluster.path("bootstrap").path("pg_basebackup").path("source").asText()).as("re-seeded from the primary").isEqualTo("region-b");
        assertThat(run(dry, script, "promote", "region-c").code()).isEqualTo(2);
    }

    record Result(int code, String out) {
    }

    static Result run(Map<String, String> env, String... argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }
}
