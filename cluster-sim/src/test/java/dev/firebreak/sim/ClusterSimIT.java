package dev.firebreak.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.sim.control.ControlServer;
import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.controlplane.Kubectl;
import dev.firebreak.sim.db.RegionDatabase;
import dev.firebreak.sim.net.LinkFault;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The simulated clusters with the real services, from the real overlays: both regions come up
 * with a synchronous standby, a payment made in region-b lands on region-a's primary and its
 * standby, a partition between the regions holds commits until the witness records the window
 * in which the primary goes on alone, a killed region goes silent, a restored one comes back as
 * a standby of the primary the witness made meanwhile, and nothing outlives the simulator. Needs the services packaged (the reactor does that first).
 */
@TestMethodOrder(OrderAnnotation.class)
class ClusterSimIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final String PASSWORD = "correct horse battery";

    static Simulator sim;
    static String user;
    static String token;

    @BeforeAll
    static void up() {
        Path target = Path.of("target").toAbsolutePath();
        // Another address base than ./firebreak up's, so both can run on one machine.
        sim = Simulator.prepare(new Simulator.Options(ROOT, target.resolve("sim-it"), target.resolve("sim-it-cache"), 1, 40,
                Duration.ofMillis(2)));
        sim.up();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> sim.status().ready());
    }

    @AfterAll
    static void down() {
        if (sim == null) {
            return;
        }
        List<Long> pids = sim.status().pods().stream().map(SimStatus.PodStatus::pid).filter(p -> p != null).toList();
        List<ProcessHandle> descendants = ProcessHandle.current().descendants().toList();
        sim.close();
        assertThat(pids).as("pods were running").isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
            assertThat(descendants).noneMatch(ProcessHandle::isAlive);
        });
    }

    @Test
    @Order(1)
    void bothRegionsComeUpWithEveryPodReadyAndASynchronousStandby() {
        SimStatus s = sim.status();
        assertThat(s.pods()).hasSize(9).allSatisfy(p -> {
            assertThat(p.ready()).as(p.cluster() + "/" + p.name()).isTrue();
            assertThat(p.live()).isTrue();
            assertThat(p.restarts()).isZero();
        });
        assertThat(s.pods()).filteredOn(p -> p.cluster().equals("global")).extracting(SimStatus.PodStatus::service)
                .containsExactly("edge");
        assertThat(s.pods()).filteredOn(p -> p.cluster().startsWith("region-")).extracting(SimStatus.PodStatus::service)
                .containsExactlyInAnyOrder("messaging-svc", "payment-svc", "taxi-svc", "status-svc", "messaging-svc", "payment-svc",
                        "taxi-svc", "status-svc");
        assertThat(s.databases()).extracting(RegionDatabase.State::cluster, RegionDatabase.State::role, RegionDatabase.State::replication)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("region-a", "primary", "sync"),
                        org.assertj.core.groups.Tuple.tuple("region-b", "standby", "sync"));
        assertThat(s.clusters()).extracting(SimStatus.ClusterStatus::name).containsExactly("region-a", "region-b", "global");
        assertThat(s.urls()).containsOnlyKeys("ingress-region-a", "ingress-region-b", "edge", "statusPage", "statusPage-region-a",
                "statusPage-region-b");
        assertThat(s.urls().get("statusPage-region-b")).isEqualTo(s.urls().get("ingress-region-b") + "/");
        assertThat(s.urls().get("statusPage")).isEqualTo(s.urls().get("edge") + "/status/");
        assertThat(s.links()).hasSize(3).allSatisfy(l -> assertThat(l.fault()).isEqualTo(LinkFault.NONE));
    }

    @Test
    @Order(1)
    void eachClusterIsARealKubernetesClusterThatKubectlManages() throws Exception {
        // Two Ready nodes in two zones, the pods Running and Ready on them, as kubectl shows them.
        String nodes = kubectl("region-a", "get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name} {.metadata.labels.topology\\.kubernetes\\.io/zone} "
                        + "{.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
        assertThat(nodes.strip().lines()).containsExactly("region-a-node-1 region-a-zone-a True", "region-a-node-2 region-a-zone-b True");
        String pods = kubectl("region-a", "get", "pods", "-n", "firebreak", "-o",
                "jsonpath={range .items[*]}{.status.phase} {.status.containerStatuses[0].ready} {.status.podIP}{\"\\n\"}{end}");
        assertThat(pods.strip().lines()).hasSize(4).allSatisfy(line -> assertThat(line).startsWith("Running true 127."));
        assertThat(kubectl("region-a", "version", "-o", "json")).contains("\"gitVersion\": \"v1.20.2\"");

        // kubectl delete pod: the ReplicaSet makes a new one, which runs and is Ready within seconds.
        String victim = kubectl("region-a", "get", "pods", "-n", "firebreak", "-l", "app.kubernetes.io/name=payment-svc", "-o",
                "jsonpath={.items[0].metadata.name}").strip();
        long start = System.nanoTime();
        kubectl("region-a", "delete", "pod", "-n", "firebreak", victim);
        await().atMost(Duration.ofSeconds(45)).until(() -> {
            String now = kubectl("region-a", "get", "pods", "-n", "firebreak", "-l", "app.kubernetes.io/name=payment-svc", "-o",
                    "jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].ready}{\" \"}{end}");
            return now.contains("=true") && !now.contains(victim);
        });
        System.out.printf("kubectl delete pod %s: a new Ready pod in %.1f s%n", victim, (System.nanoTime() - start) / 1e9);
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.status().ready());

        // What the overlays would change, a v1.20 API server accepts as it is (server-side dry run).
        for (String site : List.of("region-a", "region-b", "global")) {
            kubectl(site, "apply", "--dry-run=server", "-k", ROOT.resolve("k8s/clusters").resolve(site).toString());
        }
        // ...and what it cannot serve, it refuses: the region overlay with the real clusters' disruption budgets.
        Path withBudgets = Files.createDirectories(Path.of("target/overlay-with-budgets").toAbsolutePath());
        Files.writeString(withBudgets.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                components:
                  - %s
                """.formatted(withBudgets.relativize(ROOT.resolve("k8s/clusters/region-a")),
                withBudgets.relativize(ROOT.resolve("k8s/components/disruption-budgets"))));
        Kubectl.Result refused = new Kubectl(sim.options().kubeconfig()).run("region-a", 60, "apply", "--dry-run=server", "-k",
                withBudgets.toString());
        assertThat(refused.ok()).as(refused.out()).isFalse();
        assertThat(refused.err()).contains("PodDisruptionBudget", "policy/v1");
    }

    @Test
    @Order(1)
    void everyWitnessActionIsAcceptedByTheRegionsApiServers() throws Exception {
        // CloudNativePG's CRDs and each region's Cluster objects are there: up installs the CRDs, the region overlays declare the Clusters.
        for (String region : List.of("region-a", "region-b")) {
            assertThat(kubectl(region, "get", "cluster.postgresql.cnpg.io/firebreak-db", "-n", "firebreak", "-o",
                    "jsonpath={.spec.replica.self}")).isEqualTo(region);
        }

        // Each action's changes, sent with --dry-run=server: the API server validates them against the CRD's schema and stores nothing.
        List<List<String>> actions = List.of(List.of("status"), List.of("degrade", "region-a"), List.of("restore-sync", "region-a"),
                List.of("fence", "region-a"), List.of("unfence", "region-a"), List.of("promote", "region-b"), List.of("demote", "region-a", "region-b"),
                List.of("switchover", "region-b"), List.of("rejoin", "region-a", "region-b"));
        java.util.function.Supplier<List<String>> versions = () -> List.of("region-a", "region-b").stream()
                .map(region -> kubectl(region, "get", "cluster.postgresql.cnpg.io/firebreak-db", "-n", "firebreak", "-o",
                        "jsonpath={.metadata.resourceVersion}"))
                .toList();
        List<String> before = versions.get();
        for (List<String> action : actions) {
            List<String> argv = new java.util.ArrayList<>(List.of(ROOT.resolve("k8s/components/cloudnative-pg/witness-actions.sh").toString()));
            argv.addAll(action);
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(java.util.Map.of("KUBECONFIG", sim.options().kubeconfig().toString(), "FIREBREAK_CONTEXT_PREFIX",
                    "firebreak-", "DRY_RUN", "server"));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("witness-actions.sh " + String.join(" ", action) + ":\n" + out).isZero();
        }
        assertThat(versions.get()).as("dry runs change nothing").isEqualTo(before);

        // And a change the schema refuses is refused: the check can fail.
        Kubectl.Result wrong = new Kubectl(sim.options().kubeconfig()).run("region-a", 60, "patch", "cluster.postgresql.cnpg.io/firebreak-db",
                "-n", "firebreak", "--dry-run=server", "--type=merge", "-p", "{\"spec\":{\"instances\":\"two\"}}");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.err()).contains("spec.instances");
    }

    @Test
    @Order(2)
    void aPaymentThroughRegionBIsCommittedOnRegionAsPrimaryAndVisibleOnRegionBsStandby() throws Exception {
        String ingressB = sim.status().urls().get("ingress-region-b");
        user = "u" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call("POST", ingressB + "/accounts", null, null,
                "{\"userId\":\"" + user + "\",\"displayName\":\"Sim\",\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(201);
        token = Json.MAPPER.readTree(call("POST", ingressB + "/sessions", null, null,
                "{\"userId\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}").body()).path("accessToken").asText();
        String paymentB = "http://" + service("region-b", "payment-svc");
        assertThat(call("PUT", paymentB + "/wallets/" + user, token, null, "").statusCode()).isIn(200, 201);

        HttpResponse<String> topUp = topUp(paymentB, "sim-topup-1", 12_000, Duration.ofSeconds(10));
        assertThat(topUp.statusCode()).isIn(200, 201);
        String transferId = Json.MAPPER.readTree(topUp.body()).path("transferId").asText();

        assertThat(transfers("region-a", "sim-topup-1")).containsExactly(transferId);
        assertThat(inRecovery("region-a")).isFalse();
        assertThat(inRecovery("region-b")).isTrue();
        // Synchronous commit means the standby has the WAL; replaying it follows within moments.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(transfers("region-b", "sim-topup-1")).containsExactly(transferId));
    }

    @Test
    @Order(3)
    void aPartitionBetweenTheRegionsHoldsCommitsUntilTheWitnessLetsThePrimaryGoOnAlone() throws Exception {
        String paymentA = "http://" + service("region-a", "payment-svc");
        sim.faults().linkFault("region-a", "region-b", LinkFault.BLACKHOLE);
        try {
            // The primary cannot reach its synchronous standby: the commit waits until the witness
            // (which still sees both) makes replication asynchronous and records the window.
            long start = System.nanoTime();
            HttpResponse<String> held = topUp(paymentA, "sim-topup-2", 3_000, Duration.ofSeconds(15));
            assertThat(held.statusCode()).isIn(200, 201);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the commit waited for the witness")
                    .isGreaterThan(Duration.ofMillis(1000));
            assertThat(sim.status().databases()).filteredOn(d -> d.cluster().equals("region-a")).singleElement()
                    .satisfies(d -> assertThat(d.replication()).isEqualTo("async"));
            assertThat(transfers("region-a", "sim-topup-2")).hasSize(1);
        } finally {
            sim.faults().linkFault("region-a", "region-b", LinkFault.NONE);
        }
        // Healed: the standby catches up from its slot and replication is synchronous again.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(transfers("region-b", "sim-topup-2")).hasSize(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> sim.status().ready());
        // Only a standby the witness saw synchronous again may be promoted (what the next test needs).
        await().atMost(Duration.ofSeconds(30)).until(() -> Json.MAPPER.readTree(call("GET", sim.status().urls().get("edge")
                + "/edge/regions", null, null, null).body()).path("witness").path("state").path("eligible").path("region-b").asBoolean());
        HttpResponse<String> retry = topUp(paymentA, "sim-topup-2", 3_000, Duration.ofSeconds(10));
        assertThat(retry.statusCode()).as("a retry with the same key replays").isIn(200, 201);
        assertThat(transfers("region-a", "sim-topup-2")).hasSize(1);
    }

    @Test
    @Order(4)
    void aKilledRegionGoesSilentWhileTheOtherKeepsAnswering() throws Exception {
        SimStatus before = sim.status();
        String ingressA = before.urls().get("ingress-region-a");
        String ingressB = before.urls().get("ingress-region-b");
        String paymentA = service("region-a", "payment-svc");

        sim.faults().kill("region-a");

        // A power loss: connections are accepted and then nothing comes back (not refused, not reset).
        assertSilent(ingressA.substring("http://".length()));
        assertSilent(paymentA);
        SimStatus after = sim.status();
        assertThat(after.pods()).filteredOn(p -> p.cluster().equals("region-a"))
                .allSatisfy(p -> {
                    assertThat(p.phase()).isEqualTo("LOST");
                    assertThat(p.pid()).isNull();
                });
        assertThat(after.databases()).filteredOn(d -> d.cluster().equals("region-a")).singleElement()
                .satisfies(d -> assertThat(d.role()).isEqualTo("down"));
        assertThat(after.links()).filteredOn(l -> l.siteA().equals("region-a") || l.siteB().equals("region-a"))
                .allSatisfy(l -> assertThat(l.fault()).isEqualTo(LinkFault.BLACKHOLE));
        assertThat(call("GET", ingressB + "/api/status", null, null, null).statusCode()).isEqualTo(200);
        // Its control plane died with it: kubectl fails as against a dead cluster; the other region's still answers.
        Kubectl.Result dead = new Kubectl(sim.options().kubeconfig()).run("region-a", 30, "get", "pods", "--request-timeout=5s");
        assertThat(dead.ok()).as("kubectl against a dead cluster").isFalse();
        assertThat(kubectl("region-b", "get", "pods", "-n", "firebreak", "-o", "name")).contains("pod/payment-svc-");
    }

    @Test
    @Order(5)
    void aRestoredRegionComesBackAsAStandbyOfThePrimaryTheWitnessMadeMeanwhile() throws Exception {
        sim.faults().restore("region-a");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> sim.status().ready());
        SimStatus s = sim.status();
        assertThat(s.pods()).filteredOn(p -> p.cluster().equals("region-a")).allSatisfy(p -> assertThat(p.restarts()).isEqualTo(1));
        // Its control plane is back with what it had, and the pods are Ready again, as kubectl shows, with nobody's help.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl("region-a", "get", "pods", "-n", "firebreak", "-o",
                "jsonpath={range .items[*]}{.status.containerStatuses[0].ready}{\"\\n\"}{end}").strip().lines())
                .hasSize(4).allSatisfy(ready -> assertThat(ready).isEqualTo("true")));
        // The witness promoted region-b while region-a was dark; region-a returned fenced and was re-seeded.
        assertThat(s.databases()).extracting(RegionDatabase.State::role).containsExactly("standby", "primary");
        assertThat(inRecovery("region-a")).isTrue();
        // Everything acknowledged before the loss is still there, in both regions.
        assertThat(transfers("region-b", "sim-topup-1")).hasSize(1);
        assertThat(transfers("region-a", "sim-topup-1")).hasSize(1);
        HttpResponse<String> again = topUp("http://" + service("region-a", "payment-svc"), "sim-topup-3", 1_000, Duration.ofSeconds(10));
        assertThat(again.statusCode()).isIn(200, 201);
        assertThat(transfers("region-b", "sim-topup-3")).hasSize(1);
    }

    @Test
    @Order(6)
    void theControlApiAnswersMistakesWithProblemDetailsAndChangesNothing() throws Exception {
        ControlServer control = new ControlServer(sim, () -> { });
        try {
            String base = "http://127.0.0.1:" + control.port();
            String run = control.token();
            HttpResponse<String> badFault = call("POST", base + "/links/region-a/region-b", run, null, "{\"fault\":\"sideways\"}");
            assertThat(badFault.statusCode()).isEqualTo(400);
            assertThat(badFault.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.MAPPER.readTree(badFault.body()).path("detail").asText()).contains("NONE, BLACKHOLE, RESET");
            assertThat(call("POST", base + "/links/region-a/region-b", run, null, "{\"latencyMs\":-5}").statusCode()).isEqualTo(400);
            assertThat(call("POST", base + "/links/region-a/region-b", run, null, "{not json").statusCode()).isEqualTo(400);
            assertThat(call("POST", base + "/clusters/region-z/kill", run, null, "{}").statusCode()).isEqualTo(404);
            assertThat(call("POST", base + "/clusters/region-b/restore", run, null, "{}").statusCode()).isEqualTo(409);
            assertThat(call("GET", base + "/nowhere", run, null, null).statusCode()).isEqualTo(404);
            JsonNode status = Json.MAPPER.readTree(call("GET", base + "/status", run, null, null).body());
            assertThat(status.path("links")).allSatisfy(l -> assertThat(l.path("fault").asText()).isEqualTo("NONE"));
            assertThat(status.path("links")).allSatisfy(l -> assertThat(l.path("latencyMs").asLong()).isEqualTo(2));
        } finally {
            control.close();
        }
    }

    @Test
    @Order(7)
    void nothingThatKillsOrRebuildsObeysAnyoneWithoutTheRightCredential() throws Exception {
        ControlServer control = new ControlServer(sim, () -> { });
        long lastEvent = sim.events().since(0).stream().mapToLong(e -> e.seq()).max().orElse(0);
        try {
            String base = "http://127.0.0.1:" + control.port();
            for (String[] call : List.of(new String[] {"POST", "/clusters/region-b/kill"}, new String[] {"POST", "/clusters/region-a/database/kill"},
                    new String[] {"POST", "/clusters/region-a/services/payment-svc/kill-pod"}, new String[] {"POST", "/links/region-a/region-b"},
                    new String[] {"POST", "/down"}, new String[] {"GET", "/status"})) {
                for (String bearer : java.util.Arrays.asList(null, "not-the-token", token)) {
                    HttpResponse<String> refused = call(call[0], base + call[1], bearer, null, call[0].equals("POST") ? "{\"fault\":\"BLACKHOLE\"}" : null);
                    assertThat(refused.statusCode()).as(call[0] + " " + call[1] + " with " + bearer).isEqualTo(401);
                    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                }
            }
            // The witness's credential for a region (the Secret in the global site) may get and patch that region's Cluster, nothing else.
            String kubeconfig = new String(java.util.Base64.getDecoder().decode(kubectl("global", "get", "secret", "witness-api-region-b", "-n",
                    "firebreak", "-o", "jsonpath={.data.kubeconfig}")), StandardCharsets.UTF_8);
            Path witnessConfig = Files.writeString(Files.createTempFile("witness-region-b", ".kubeconfig"), kubeconfig);
            java.util.function.Function<List<String>, String> canI = what -> {
                List<String> argv = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", witnessConfig.toString(), "--server",
                        sim.status().controlPlanes().stream().filter(c -> c.cluster().equals("region-b")).findFirst().orElseThrow().apiServer(),
                        "--tls-server-name", "kubernetes.region-b.firebreak.internal", "auth", "can-i", "-n", "firebreak"));
                argv.addAll(what);
                try {
                    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                    return out;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            assertThat(canI.apply(List.of("patch", "clusters.postgresql.cnpg.io/firebreak-db"))).isEqualTo("yes");
            assertThat(canI.apply(List.of("get", "clusters.postgresql.cnpg.io/firebreak-db"))).isEqualTo("yes");
            for (List<String> not : List.of(List.of("delete", "clusters.postgresql.cnpg.io/firebreak-db"), List.of("get", "secrets"),
                    List.of("patch", "clusters.postgresql.cnpg.io/other"), List.of("patch", "clusters.postgresql.cnpg.io/firebreak-db",
                            "--subresource=status"), List.of("delete", "pods"), List.of("create", "deployments"))) {
                assertThat(canI.apply(not)).as("the witness may not " + not).startsWith("no");
            }
            SimStatus after = sim.status();
            assertThat(after.ready()).isTrue();
            assertThat(after.links()).allSatisfy(l -> assertThat(l.fault()).isEqualTo(LinkFault.NONE));
            assertThat(sim.events().since(lastEvent)).noneMatch(e -> List.of("Rejoined", "PowerLoss", "Killed").contains(e.reason()));
        } finally {
            control.close();
        }
    }

    private static HttpResponse<String> topUp(String paymentUrl, String key, long amount, Duration timeout) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(paymentUrl + "/wallets/" + user + "/top-ups")).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":" + amount + "}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String url, String bearer, String key, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        if (json == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** kubectl with the clusters' kubeconfig and {@code site}'s context; fails the test when kubectl fails. */
    private static String kubectl(String site, String... args) {
        Kubectl.Result r = new Kubectl(sim.options().kubeconfig()).run(site, 60, args);
        assertThat(r.ok()).as("kubectl " + String.join(" ", args) + ": " + r.err()).isTrue();
        return r.out();
    }

    /** host:port of a cluster's Service. */
    private static String service(String cluster, String name) {
        return sim.status().services().stream().filter(s -> s.cluster().equals(cluster) && s.name().equals(name)).findFirst()
                .orElseThrow().address();
    }

    private static void assertSilent(String hostPort) throws IOException {
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(1500);
            s.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> s.getInputStream().read()).as(hostPort + " stays silent").isInstanceOf(SocketTimeoutException.class);
        }
    }

    private static List<String> transfers(String cluster, String key) throws SQLException {
        try (Connection c = database(cluster);
             PreparedStatement st = c.prepareStatement("SELECT id FROM transfer WHERE idempotency_key = ? ORDER BY id")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                List<String> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    private static boolean inRecovery(String cluster) throws SQLException {
        try (Connection c = database(cluster); ResultSet rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static Connection database(String cluster) throws SQLException {
        String address = sim.status().databases().stream().filter(d -> d.cluster().equals(cluster)).findFirst().orElseThrow().address();
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + address + "/payment", props);
    }
}
