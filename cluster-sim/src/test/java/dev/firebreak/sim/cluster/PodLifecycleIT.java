package dev.firebreak.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firebreak.sim.kubelet.Events;
import dev.firebreak.sim.kubelet.FakeContainer;
import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.ProcessSpawner;
import dev.firebreak.sim.manifest.ClusterManifests;
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
 * The kubelet's probe semantics on real processes, read from a manifest and served through a
 * real Service proxy: readiness decides endpoints, liveness restarts, startup gates the others,
 * and a container that keeps exiting backs off. The containers are {@link FakeContainer}s, so the
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
    static SimulatedCluster cluster;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start(@TempDir Path state) throws IOException {
        vertx = Vertx.vertx();
        spawner = new ProcessSpawner();
        events = new Events(Clock.systemUTC(), null);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String testClasses = Path.of("target/test-classes").toAbsolutePath().toString();
        cluster = new SimulatedCluster(new Site("lab", 1, true), ClusterManifests.parse("lab", MANIFEST), new AddressPlan(30), vertx,
                spawner, pod -> List.of(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", testClasses,
                        FakeContainer.class.getName()),
                events, Clock.systemUTC());
        cluster.openServices(vertx, Map.of());
        cluster.pods(-1, LocalSecrets.at(state.resolve("secrets")), state, Clock.systemUTC()).forEach(cluster::run);
        await().atMost(Duration.ofSeconds(60)).until(() -> pod("fake-svc-0").ready() && pod("fake-svc-1").ready()
                && pod("fake-svc-2").ready());
    }

    @AfterAll
    static void stop() {
        cluster.stopPods();
        cluster.close();
        vertx.close();
        spawner.close();
    }

    @Test
    void aPodWhoseReadinessFailsLeavesItsServiceAndComesBack() throws Exception {
        String ip = pod("fake-svc-0").address();
        assertThat(endpoints("fake-svc")).contains(ip + ":8080");

        post(ip, "/ready?on=false");
        await().atMost(Duration.ofSeconds(10)).until(() -> !endpoints("fake-svc").contains(ip + ":8080"));
        assertThat(pod("fake-svc-0").ready()).isFalse();
        assertThat(pod("fake-svc-0").live()).as("readiness never restarts a pod").isTrue();
        assertThat(answersThroughService("fake-svc", 6)).doesNotContain("fake-svc-0").contains("fake-svc-1");
        assertThat(reasons("lab/fake-svc-0")).contains("NotReady");

        post(ip, "/ready?on=true");
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoints("fake-svc").contains(ip + ":8080"));
        await().atMost(Duration.ofSeconds(10)).until(() -> answersThroughService("fake-svc", 6).contains("fake-svc-0"));
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
        assertThat(endpoints("fake-svc")).doesNotContain(ip + ":8080");
        assertThat(reasons("lab/fake-svc-2")).containsSubsequence("Exited", "Started", "Exited", "BackOff");
        assertThat(events.since(0)).filteredOn(e -> e.reason().equals("BackOff")).last()
                .satisfies(e -> assertThat(e.message()).contains("next start in"));
    }

    private static Pod.Snapshot pod(String name) {
        return cluster.pods().stream().map(Pod::snapshot).filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> endpoints(String service) {
        return cluster.service(service, 9080).orElseThrow().proxy().endpoints().stream().map(a -> a.host() + ":" + a.port()).toList();
    }

    private static List<String> reasons(String object) {
        return events.since(0).stream().filter(e -> e.object().equals(object)).map(Events.Event::reason).toList();
    }

    private static Instant eventTime(String object, String reason) {
        return events.since(0).stream().filter(e -> e.object().equals(object) && e.reason().equals(reason)).findFirst()
                .orElseThrow().time();
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
