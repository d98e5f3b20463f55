package dev.firebreak.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import dev.firebreak.identity.IdentityCli;
import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.TokenMinter;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.testing.HostileRequests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One signed-in user attacking the simulated clusters through their public entry points (the edge
 * and each region's ingress) while other users go about their business: generated hostile requests
 * to every service, control characters in every text, bursts on one's own wallet, paths spelled to
 * walk past the routers. Nobody else may notice: no 5xx for anyone, every breaker in every pod
 * closed, the edge's view of every region unchanged. Then the installation's admin call (the
 * README's ledger audit) works with the identity the command line finds.
 */
@TestMethodOrder(OrderAnnotation.class)
class HostileUserIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path HOME = Path.of("target/hostile-home").toAbsolutePath();
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static Simulator.Options options;
    static Simulator sim;
    static Api api;
    static Target edge;
    static Users people;
    static String mallory;
    static String room;

    @BeforeAll
    static void up() {
        options = new Simulator.Options(ROOT, HOME.resolve(".firebreak/sim"), Path.of("target/hostile-cache").toAbsolutePath(), 1, 70,
                Duration.ofMillis(2));
        sim = Simulator.prepare(options);
        sim.up();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> sim.status().ready());
        api = new Api(Duration.ofSeconds(5));
        edge = Target.edge(sim.status().urls().get("edge"));
        await().atMost(PATIENCE).until(() -> api.send("GET", edge.baseUrl() + "/edge/regions", Map.of(), null).json()
                .path("primaryRegion").asText("").equals("region-a"));
        people = new Users(api, edge).create("hostile", 4, PATIENCE);
        mallory = people.ids().get(0);
        for (String user : people.ids()) {
            ok(api.send("PUT", edge.url("payment-svc", "/wallets/" + user), people.auth(user), null));
            ok(api.send("POST", edge.url("payment-svc", "/wallets/" + user + "/top-ups"), with(people.auth(user), "Idempotency-Key",
                    "fund-" + user), Api.json(Map.of("amount", 1_000_000))));
        }
        room = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        ok(api.send("PUT", edge.url("messaging-svc", "/rooms/" + room), people.auth(people.ids().get(1)),
                Api.json(Map.of("name", "Everyone", "members", people.ids()))));
    }

    @AfterAll
    static void down() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    @Order(1)
    void oneUsersHostileTrafficLeavesEveryBreakerClosedAndTheEdgeUnmovedForEveryoneElse() throws Exception {
        long eventsBefore = lastEdgeEvent();
        Map<String, Integer> victimsSaw = new ConcurrentHashMap<>();
        List<String> victimFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean attacking = new AtomicBoolean(true);
        CompletableFuture<Void> victims = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (attacking.get() && n < 2_000) {
                String victim = people.ids().get(1 + n % 3);
                String other = people.ids().get(1 + (n + 1) % 3);
                Api.Answer[] answers = {
                    api.send("POST", edge.url("messaging-svc", "/rooms/" + room + "/money"), people.auth(victim), Api.json(Map.of(
                            "recipientId", other, "amount", 10, "clientMessageId", "victim-money-" + n, "memo", "lunch 🍜"))),
                    api.send("POST", edge.url("payment-svc", "/transfers"), with(people.auth(victim), "Idempotency-Key", "victim-tx-" + n),
                            Api.json(Map.of("toUserId", other, "amount", 10))),
                    api.send("POST", edge.url("messaging-svc", "/rooms/" + room + "/messages"), people.auth(victim),
                            Api.json(Map.of("clientMessageId", "victim-msg-" + n, "text", "hello\nagain"))),
                };
                for (Api.Answer a : answers) {
                    victimsSaw.merge(String.valueOf(a.status()), 1, Integer::sum);
                    if (!a.ok()) {
                        victimFailures.add(a.status() + " " + a.cause());
                    }
                }
                n++;
                pause(100);
            }
        });

        ExecutorService burst = Executors.newFixedThreadPool(24);
        try {
            List<String> attackerSaw = new java.util.concurrent.CopyOnWriteArrayList<>();
            // Control characters in every free text Mallory can send, over and over.
            for (int i = 0; i < 30; i++) {
                String unsafe = List.of("\u0000", "\u001b", "\u0085").get(i % 3);
                attackerSaw.add(status(api.send("POST", edge.url("messaging-svc", "/rooms/" + room + "/money"), people.auth(mallory),
                        Api.json(Map.of("recipientId", people.ids().get(1), "amount", 1, "clientMessageId", "nul-" + i, "memo", "a" + unsafe)))));
                attackerSaw.add(status(api.send("PUT", edge.url("messaging-svc", "/users/" + mallory), people.auth(mallory),
                        Api.json(Map.of("displayName", "x" + unsafe)))));
                attackerSaw.add(status(api.send("POST", edge.url("payment-svc", "/transfers"), with(people.auth(mallory), "Idempotency-Key",
                        "nul-tx-" + i), Api.json(Map.of("toUserId", people.ids().get(1), "amount", 1, "memo", unsafe)))));
            }
            // Bursts on her own wallet: a hot row is her own problem.
            List<CompletableFuture<Api.Answer>> inFlight = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int k = i;
                inFlight.add(CompletableFuture.supplyAsync(() -> api.send("POST", edge.url("messaging-svc", "/rooms/" + room + "/money"),
                        people.auth(mallory), Api.json(Map.of("recipientId", people.ids().get(1 + k % 3), "amount", 1,
                                "clientMessageId", "burst-" + k))), burst));
            }
            inFlight.forEach(f -> attackerSaw.add(status(f.join())));
            assertThat(attackerSaw).as("Mallory's own answers: never a 5xx but her own busy rows").allSatisfy(s ->
                    assertThat(s).matches("[24]\\d\\d|503 busy"));

            // Generated hostile requests to every service, through the edge, as Mallory.
            Random pick = new Random(2026);
            for (var service : Map.of("messaging-svc", "/messaging", "payment-svc", "/payments", "taxi-svc", "/taxi").entrySet()) {
                URI document = URI.create("http://" + pod("region-a", service.getKey()) + ":8080");
                HostileRequests fuzz = HostileRequests.fromOpenApi(document, URI.create(edge.baseUrl() + service.getValue()));
                fuzz.runAndCheck(service.getKey() + " through the edge", 2026, 300, Duration.ofMinutes(3),
                        () -> people.auth(mallory).get("Authorization"),
                        () -> pick.nextBoolean() ? mallory : pick.nextBoolean() ? room : people.ids().get(1));
            }
        } finally {
            attacking.set(false);
            burst.shutdownNow();
        }
        victims.get();

        assertThat(victimFailures).as("what everyone else saw (%s)", victimsSaw).isEmpty();
        for (SimStatus.PodStatus pod : sim.status().pods()) {
            if (pod.cluster().equals("global")) {
                continue;
            }
            JsonNode breakers = api.send("GET", "http://" + pod.address() + ":8080/ops/circuit-breakers", Map.of(), null).json();
            assertThat(breakers.path("breakers")).as(pod.cluster() + "/" + pod.name())
                    .allSatisfy(b -> assertThat(b.path("state").asText()).as(b.path("name").asText()).isEqualTo("CLOSED"));
        }
        JsonNode events = api.send("GET", edge.baseUrl() + "/edge/events?after=" + eventsBefore, Map.of(), null).json();
        assertThat(events).as("the edge's decisions while Mallory attacked")
                .noneMatch(e -> List.of("SERVICE_DOWN", "TRAFFIC_SWITCHED", "REGION_LOST").contains(e.path("kind").asText()));
        JsonNode regions = api.send("GET", edge.baseUrl() + "/edge/regions", Map.of(), null).json();
        for (JsonNode region : regions.path("regions")) {
            assertThat(region.path("services")).allSatisfy(s -> assertThat(s.path("healthy").asBoolean())
                    .as(region.path("name").asText() + "/" + s.path("service").asText()).isTrue());
        }
    }

    @Test
    @Order(2)
    void nothingRoutesPastAnIngressOrTheEdgeToHealthMetricsOrOperations() {
        Map<String, String> urls = sim.status().urls();
        List<String> entries = List.of(urls.get("ingress-region-a") + "/wallets", urls.get("ingress-region-b") + "/rides",
                urls.get("edge") + "/payments", urls.get("edge") + "/taxi/rides", urls.get("edge"));
        List<String> tricks = List.of("/%2e%2e/q/metrics", "/%2E%2E/q/openapi", "/.%2e/ops/circuit-breakers", "/%2e%2e/%2e%2e/q/health",
                "/..%2fq%2fmetrics", "/%252e%252e/q/metrics", "/%5c..%5cq%5cmetrics", "/../q/metrics", "/q/metrics", "/ops/circuit-breakers",
                "/q/openapi");
        for (String entry : entries) {
            for (String trick : tricks) {
                Api.Answer a = api.send("GET", entry + trick, Map.of(), null);
                assertThat(a.status()).as(entry + trick).isIn(400, 404);
                assertThat(a.body()).as(entry + trick).doesNotContain("# HELP").doesNotContain("\"paths\"").doesNotContain("\"breakers\"")
                        .doesNotContain("\"checks\"");
            }
        }
    }

    @Test
    @Order(3)
    void theReadmesAdminCallWorksWithTheIdentityTheCommandLineFinds() throws Exception {
        // ./firebreak token admin runs this, on the checkout's .firebreak/identity: the one the clusters were set up with.
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            IdentityCli.main(new String[] {"token", options.identityDir().toString(), "admin"});
        } finally {
            System.setOut(out);
        }
        String admin = "Bearer " + printed.toString().trim();
        Api.Answer audit = api.send("GET", edge.url("payment-svc", "/ledger/audit"), Map.of("Authorization", admin), null);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().path("healthy").asBoolean()).as(audit.body()).isTrue();
        // A token of any other installation is refused.
        String stranger = "Bearer " + new TokenMinter(InstallationKeys.generate().privateKey()).admin("ops", Duration.ofMinutes(5));
        assertThat(api.send("GET", edge.url("payment-svc", "/ledger/audit"), Map.of("Authorization", stranger), null).status()).isEqualTo(401);
    }

    private static String status(Api.Answer a) {
        return a.status() == 503 && a.body() != null && a.body().contains("database-busy") ? "503 busy" : String.valueOf(a.status());
    }

    private static long lastEdgeEvent() {
        JsonNode events = api.send("GET", edge.baseUrl() + "/edge/events", Map.of(), null).json();
        long last = 0;
        for (JsonNode e : events) {
            last = Math.max(last, e.path("seq").asLong());
        }
        return last;
    }

    private static String pod(String cluster, String service) {
        return sim.status().pods().stream().filter(p -> p.cluster().equals(cluster) && p.service().equals(service)).findFirst()
                .orElseThrow().address();
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(headers);
        more.put(name, value);
        return more;
    }

    private static void ok(Api.Answer a) {
        assertThat(a.ok()).as(a.status() + " " + a.body()).isTrue();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
