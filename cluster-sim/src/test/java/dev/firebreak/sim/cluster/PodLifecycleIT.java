package dev.firebreak.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.FakeContainer;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.controlplane.Bootstrap;
import dev.firebreak.sim.controlplane.ClusterCredentials;
import dev.firebreak.sim.controlplane.ControlPlane;
import dev.firebreak.sim.controlplane.KubernetesBinaries;
import dev.firebreak.sim.manifest.ClusterManifests;
import dev.firebreak.sim.node.SimNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import dev.firebreak.sim.secrets.LocalSecrets;
import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.Site;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent under a real v1.20 control plane: Deployments applied to the API server become
 * pods on the simulated node, run as real processes and reported back as a kubelet reports them;
 * the kubelet's probe semantics hold (readiness decides endpoints, which the EndpointSlice
 * controller publishes and the Service proxy follows; liveness restarts; startup gates the others;
 * a container that keeps exiting backs off). The containers are {@link FakeContainer}s, so the
 * probes run every second and each case takes seconds.
 */
class PodLifecycleIT {

    static final String MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: firebreak-cluster, namespace: firebreak}
            data: {FIREBREAK_CLUSTER: lab, FIREBREAK_PEER: none}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: fake-svc, namespace: firebreak}
            spec:
              replicas: 3
              selector: {matchLabels: {app: fake-svc}}
              template:
                metadata: {labels: {app: fake-svc}}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                    - name: fake
                      image: docker.io/firebreak/fake-svc:latest
                      ports: [{name: http, containerPort: 8080}]
                      startupProbe: {httpGet: {path: /started, port: http}, periodSeconds: 1, failureThreshold: 30}
                      readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1, failureThreshold: 1}
                      livenessProbe: {httpGet: {path: /live, port: 8080}, periodSeconds: 1, failureThreshold: 2}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: slow-svc, namespace: firebreak}
            spec:
              replicas: 1
              selector: {matchLabels: {app: slow-svc}}
              template:
                metadata: {labels: {app: slow-svc}}
                spec:
                  terminationGracePeriodSeconds: 2
                  containers:
                    - name: slow
                      image: docker.io/firebreak/slow-svc:latest
                      env: [{name: STARTED_AFTER_MS, value: "5000"}]
                      ports: [{name: http, containerPort: 8080}]
                      startupProbe: {httpGet: {path: /started, port: http}, periodSeconds: 1, failureThreshold: 30}
                      readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 1, failureThreshold: 1}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: fake-svc, namespace: firebreak}
            spec:
              selector: {app: fake-svc}
              ports: [{port: 9080, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: slow-svc, namespace: firebreak}
            spec:
              selector: {app: slow-svc}
              ports: [{port: 9080, targetPort: http}]
            """;

    static Vertx vertx;
    static ProcessSpawner spawner;
    static Events events;
    static ControlPlane controlPlane;
    static SimulatedCluster cluster;
    /** The pods by the order of their names: what the tests call fake-svc-0, -1, -2 and slow-svc-0. */
    static final Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start(@TempDir Path state) throws Exception {
        vertx = Vertx.vertx();
        spawner = new ProcessSpawner();
        events = new Events(Clock.systemUTC(), null);
        Site site = new Site("lab", 1, true);
        AddressPlan plan = new AddressPlan(30);
        controlPlane = ControlPlane.prepare(site, plan.controlPlane(site), KubernetesBinaries.find(KubernetesBinaries.defaultBinDir()),
                state.resolve("control-plane"), spawner, events);
        controlPlane.start(Duration.ofSeconds(90));
        try (KubernetesClient admin = client(ClusterCredentials.ADMIN)) {
            Bootstrap.apply(admin, "firebreak", LocalSecrets.at(state.resolve("secrets")));
            for (HasMetadata o : admin.load(new java.io.ByteArrayInputStream(MANIFEST.getBytes(StandardCharsets.UTF_8))).items()) {
                admin.resource(o).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String testClasses = Path.of("target/test-classes").toAbsolutePath().toString();
        cluster = new SimulatedCluster(site, ClusterManifests.parse("lab", MANIFEST), plan, vertx,
                spawner, pod -> List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", testClasses,
                        FakeContainer.class.getName()),
                events, Clock.systemUTC());
        cluster.openServices(Map.of());
        cluster.startAgent(List.of(new SimNode("lab-node-1", "lab", "lab-zone-a", plan.node(site, 0))),
                controlPlane.credentials(), state, events, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.pods().stream().map(Pod::snapshot).filter(Pod.Snapshot::ready).count() == 3
                && cluster.pods().size() == 4);
        for (String app : List.of("fake-svc", "slow-svc")) {
            List<String> names = cluster.pods().stream().map(Pod::snapshot).filter(p -> p.service().equals(app)).map(Pod.Snapshot::name)
                    .sorted().toList();
            for (int i = 0; i < names.size(); i++) {
                NAMES.put(app + "-" + i, names.get(i));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.stopPods();
            cluster.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        vertx.close();
        spawner.close();
    }

    static KubernetesClient client(String who) throws IOException {
        return new KubernetesClientBuilder().withConfig(controlPlane.credentials().clientConfig(who)).build();
    }

    @Test
    void theApiServerSeesThePodsAsAKubeletReportsThem() throws Exception {
        try (KubernetesClient admin = client(ClusterCredentials.ADMIN)) {
            io.fabric8.kubernetes.api.model.Pod api = admin.pods().inNamespace("firebreak").withName(NAMES.get("fake-svc-0")).get();
            assertThat(api.getSpec().getNodeName()).isEqualTo("lab-node-1");
            assertThat(api.getStatus().getPhase()).isEqualTo("Running");
            assertThat(api.getStatus().getPodIP()).isEqualTo(pod("fake-svc-0").address());
            assertThat(api.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(api.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
            io.fabric8.kubernetes.api.model.Node node = admin.nodes().withName("lab-node-1").get();
            assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(node.getMetadata().getLabels()).containsEntry("topology.kubernetes.io/zone", "lab-zone-a");
        }
    }

    @Test
    void aPodWhoseReadinessFailsLeavesItsServiceAndComesBack() throws Exception {
        String ip = pod("fake-svc-0").address();
        assertThat(endpoints("fake-svc")).contains(ip + ":8080");

        post(ip, "/ready?on=false");
        await().atMost(Duration.ofSeconds(10)).until(() -> !endpoints("fake-svc").contains(ip + ":8080"));
        assertThat(pod("fake-svc-0").ready()).isFalse();
        assertThat(pod("fake-svc-0").live()).as("readiness never restarts a pod").isTrue();
        assertThat(answersThroughService("fake-svc", 6)).doesNotContain(NAMES.get("fake-svc-0")).contains(NAMES.get("fake-svc-1"));
        assertThat(reasons("lab/fake-svc-0")).contains("NotReady");

        post(ip, "/ready?on=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoints("fake-svc").contains(ip + ":8080"));
        await().atMost(Duration.ofSeconds(10)).until(() -> answersThroughService("fake-svc", 6).contains(NAMES.get("fake-svc-0")));
        assertThat(pod("fake-svc-0").restarts()).isZero();
        assertThat(reasons("lab/fake-svc-0")).endsWith("Ready");
    }

    @Test
    void aPodWhoseLivenessFailsIsRestartedAndServesAgain() throws Exception {
        Pod.Snapshot before = pod("fake-svc-1");
        post(before.address(), "/wedge");

        await().atMost(Duration.ofSeconds(20)).until(() -> pod("fake-svc-1").restarts() == 1 && pod("fake-svc-1").ready());
        Pod.Snapshot after = pod("fake-svc-1");
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(get(after.address(), "/live")).isEqualTo("wedged=false");
        assertThat(reasons("lab/fake-svc-1")).containsSubsequence("Unhealthy", "Killing", "Started", "Ready");
    }

    @Test
    void theStartupProbeGatesReadinessUntilTheContainerHasStarted() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> pod("slow-svc-0").ready());
        Pod.Snapshot slow = pod("slow-svc-0");
        assertThat(endpoints("slow-svc")).containsExactly(slow.address() + ":8080");
        // Its readiness endpoint said 200 from its first moment; only the startup probe, which
        // fails for 5 s, kept the kubelet from believing it.
        Instant started = eventTime("lab/slow-svc-0", "Started");
        Instant ready = eventTime("lab/slow-svc-0", "Ready");
        assertThat(Duration.between(started, ready)).isGreaterThanOrEqualTo(Duration.ofMillis(4500));
        assertThat(reasons("lab/slow-svc-0")).containsSubsequence("Started", "Ready");
    }

    @Test
    void aContainerThatKeepsExitingIsRestartedWithBackOff() throws Exception {
        String ip = pod("fake-svc-2").address();
        post(ip, "/exit?code=3");
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("fake-svc-2").restarts() == 1 && pod("fake-svc-2").ready());

        post(pod("fake-svc-2").address(), "/exit?code=3");
        await().atMost(Duration.ofSeconds(10)).until(() -> pod("fake-svc-2").phase() == Pod.Phase.BACK_OFF);
        // Not ready in the pod's status, then out of the EndpointSlice, then out of the Service's proxy: a moment, as with kube-proxy.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(endpoints("fake-svc")).doesNotContain(ip + ":8080"));
        assertThat(reasons("lab/fake-svc-2")).containsSubsequence("Exited", "Started", "Exited", "BackOff");
        assertThat(events.since(0)).filteredOn(e -> e.reason().equals("BackOff")).last()
                .satisfies(e -> assertThat(e.message()).contains("next start in"));
    }

    /** The pod the tests call {@code name} (fake-svc-0, ...): see {@link #NAMES}. */
    private static Pod.Snapshot pod(String name) {
        String real = NAMES.getOrDefault(name, name);
        return cluster.pods().stream().map(Pod::snapshot).filter(p -> p.name().equals(real)).findFirst().orElseThrow();
    }

    private static List<String> endpoints(String service) {
        return cluster.service(service, 9080).orElseThrow().proxy().endpoints().stream().map(a -> a.host() + ":" + a.port()).toList();
    }

    private static List<String> reasons(String object) {
        String real = real(object);
        return events.since(0).stream().filter(e -> e.object().equals(real)).map(Events.Event::reason).toList();
    }

    private static Instant eventTime(String object, String reason) {
        String real = real(object);
        return events.since(0).stream().filter(e -> e.object().equals(real) && e.reason().equals(reason)).findFirst()
                .orElseThrow().time();
    }

    /** {@code lab/fake-svc-0} as the events name it ({@code lab/<the pod's real name>}). */
    private static String real(String object) {
        String name = object.substring(object.indexOf('/') + 1);
        return "lab/" + NAMES.getOrDefault(name, name);
    }

    /** Which pods answer {@code n} new connections through the Service's address. */
    private static Set<String> answersThroughService(String service, int n) throws IOException {
        var address = cluster.service(service, 9080).orElseThrow();
        Set<String> who = new HashSet<>();
        for (int i = 0; i < n; i++) {
            try (Socket s = new Socket(address.host(), 9080)) {
                s.setSoTimeout(3000);
                s.getOutputStream().write("GET /whoami HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                who.add(response.substring(response.indexOf("\r\n\r\n") + 4));
            }
        }
        return who;
    }

    private static String get(String ip, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(String ip, String path) throws Exception {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path)).POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException exitingMidAnswer) {
            // /exit may end the process before the answer is read
        }
    }
}
