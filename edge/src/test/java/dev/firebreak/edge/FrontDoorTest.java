package dev.firebreak.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.firebreak.testing.JwtTestResource;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The front door over two stub regions: where requests go, what is retried in the other region
 * and what is not, how a dead region leaves rotation, and who may drain one.
 */
@QuarkusTest
@QuarkusTestResource(RegionStubs.class)
@QuarkusTestResource(JwtTestResource.class)
class FrontDoorTest {

    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void bothRegionsUp() {
        RegionStubs.regionA.restart();
        RegionStubs.healthy(RegionStubs.regionA);
        RegionStubs.healthy(RegionStubs.regionB);
        given().header("Authorization", TestTokens.admin()).delete("/edge/admin/drained/region-a");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                .body("serving.'payment-svc'", equalTo("region-a")));
    }

    @AfterEach
    void releaseHangingStubs() {
        release.countDown();
    }

    @Test
    void sendsARequestToThePreferredRegionWithThePrefixRemovedAndSaysWhoServedIt() {
        RegionStubs.regionA.on("GET", "/wallets/alice", r -> Reply.json(200, "{\"userId\":\"alice\",\"balance\":7}"));
        given().header("Authorization", "Bearer abc").get("/payments/wallets/alice?x=1").then().statusCode(200)
                .header("X-Firebreak-Region", "region-a").body("balance", equalTo(7));
        var seen = RegionStubs.regionA.received("GET", "/wallets/alice");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).header("Authorization")).isEqualTo("Bearer abc");
        assertThat(RegionStubs.regionB.received("GET", "/wallets/alice")).isEmpty();
    }

    @Test
    void aClientSpeakingHttp2IsServedAndLeavesNoRoomTakenBehind() throws Exception {
        // java.net.http asks for HTTP/2 by default: an h2c upgrade, which the edge accepts. Its
        // requests used to fail in the proxy and keep their room in the region; 20 of them
        // (the initial limit) and the edge refused every later request to payment-svc.
        RegionStubs.regionA.on("GET", "/wallets/h2", r -> Reply.json(200, "{\"userId\":\"h2\",\"balance\":3}"));
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.json(201, "{\"received\":" + r.body() + "}"));
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(2)).build();
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> read = h2.send(HttpRequest.newBuilder(base.resolve("/payments/wallets/h2")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as("read %d: %s", i, read.body()).isEqualTo(200);
            assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(read.body()).contains("\"balance\":3");
            assertThat(read.headers().firstValue("X-Firebreak-Region")).hasValue("region-a");
        }
        HttpResponse<String> write = h2.send(HttpRequest.newBuilder(base.resolve("/payments/transfers")).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json").header("Idempotency-Key", "h2-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"toUserId\":\"bob\",\"amount\":5}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(201);
        assertThat(RegionStubs.regionA.received("POST", "/transfers")).singleElement()
                .satisfies(r -> assertThat(r.body()).isEqualTo("{\"toUserId\":\"bob\",\"amount\":5}"));
        given().get("/edge/regions").then().body("regions.find { it.name == 'region-a' }.admission.'payment-svc'.inFlight", equalTo(0));
    }

    @Test
    void aServicesInternalPathsAreNeverForwardedHoweverTheyAreSpelled() {
        RegionStubs.regionA.on("GET", "/wallets/alice", r -> Reply.json(200, "{\"userId\":\"alice\"}"));
        for (String internal : java.util.List.of("/payments/q/metrics", "/payments/q/openapi", "/payments/ops/circuit-breakers",
                "/payments/q", "/payments/wallets/%2e%2e/q/metrics", "/payments/wallets/.%2E/ops/fault")) {
            given().urlEncodingEnabled(false).get(internal).then().statusCode(404).contentType("application/problem+json");
        }
        for (String refused : java.util.List.of("/payments/wallets/..%2fq%2fmetrics", "/payments/%252e%252e/q/metrics",
                "/payments/wallets/%5c..%5cq")) {
            given().urlEncodingEnabled(false).get(refused).then().statusCode(400)
                    .body("type", org.hamcrest.Matchers.equalTo("https://firebreak.dev/problems/invalid-path"));
        }
        // A harmless spelling of a public path is routed in its normal form.
        given().urlEncodingEnabled(false).get("/payments/wallets/x/%2e%2e/%61lice").then().statusCode(200);
        for (var region : java.util.List.of(RegionStubs.regionA, RegionStubs.regionB)) {
            assertThat(region.received("GET", "/q/metrics")).isEmpty();
            assertThat(region.received("GET", "/q/openapi")).isEmpty();
            assertThat(region.received("GET", "/ops/circuit-breakers")).isEmpty();
        }
        assertThat(RegionStubs.regionA.received("GET", "/wallets/alice")).hasSize(1);
    }

    @Test
    void requestMetricsAreKeptPerRouteNotPerPath() {
        RegionStubs.regionA.on("GET", "/wallets/metric-alice", r -> Reply.json(200, "{}"));
        RegionStubs.regionA.on("GET", "/wallets/metric-bob", r -> Reply.json(200, "{}"));
        given().get("/payments/wallets/metric-alice").then().statusCode(200);
        given().get("/payments/wallets/metric-bob").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("uri=\"/payments/{path}\"").doesNotContain("metric-alice").doesNotContain("metric-bob");
    }

    @Test
    void honoursTheRegionAClientNamesAndRefusesOneThatDoesNotExist() {
        RegionStubs.regionB.on("GET", "/rides/r1", r -> Reply.json(200, "{\"rideId\":\"r1\"}"));
        given().header("X-Firebreak-Region", "region-b").get("/taxi/rides/r1").then().statusCode(200)
                .header("X-Firebreak-Region", "region-b");
        given().header("X-Firebreak-Region", "region-z").get("/taxi/rides/r1").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("https://firebreak.dev/problems/unknown-region"))
                .body("regions", hasItem("region-b"));
    }

    @Test
    void aRequestThatNeverReachedADeadRegionGoesToTheOtherAndTheDeadRegionLeavesRotation() {
        RegionStubs.regionB.on("POST", "/sessions", r -> Reply.json(200, "{\"accessToken\":\"t\"}"));
        RegionStubs.regionA.stop(); // connection refused: nothing was sent, so even a POST without a key may go elsewhere
        given().contentType(ContentType.JSON).body("{\"userId\":\"alice\",\"password\":\"x\"}").post("/messaging/sessions").then()
                .statusCode(200).header("X-Firebreak-Region", "region-b");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                .body("serving.'messaging-svc'", equalTo("region-b")));
        given().get("/edge/events").then().body("kind", hasItem("SERVICE_DOWN")).body("kind", hasItem("TRAFFIC_SWITCHED"));

        RegionStubs.regionA.restart();
        RegionStubs.healthy(RegionStubs.regionA);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                .body("serving.'messaging-svc'", equalTo("region-a")));
    }

    @Test
    void aRegionWhoseReadinessKeepsFlappingIsHeldOutLongerEachTime() {
        for (int n = 0; n < 3; n++) {
            RegionStubs.regionA.on("GET", "/q/health/ready", r -> Reply.json(503, "{\"status\":\"DOWN\"}"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                    .body("serving.'payment-svc'", equalTo("region-b")));
            RegionStubs.regionA.on("GET", "/q/health/ready", r -> Reply.json(200, "{\"status\":\"UP\"}"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                    .body("serving.'payment-svc'", equalTo("region-a")));
        }

        List<String> returns = given().get("/edge/events").then().extract().jsonPath()
                .getList("findAll { it.kind == 'SERVICE_UP' && it.region == 'region-a' && it.service == 'payment-svc' }.detail", String.class);
        java.util.regex.Matcher last = java.util.regex.Pattern.compile("passed (\\d+) times in a row \\((\\d+) needed: taken out (\\d+) times")
                .matcher(returns.get(returns.size() - 1));
        assertThat(last.find()).as("the last return says why it took longer: " + returns).isTrue();
        assertThat(Integer.parseInt(last.group(3))).as("removals counted").isGreaterThanOrEqualTo(3);
        assertThat(Integer.parseInt(last.group(2))).as("passes needed after 3 removals: 2 × 2 × 2").isGreaterThanOrEqualTo(8);
        assertThat(Integer.parseInt(last.group(1))).isGreaterThanOrEqualTo(Integer.parseInt(last.group(2)));
    }

    @Test
    void aPostWithAnIdempotencyKeyThatFailedInFlightIsRetriedInTheOtherRegion() {
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.problem(503, "database-unavailable", "no primary"));
        RegionStubs.regionB.on("POST", "/transfers", r -> Reply.json(201, "{\"transferId\":\"t-1\"}"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-1").body("{\"toUserId\":\"bob\",\"amount\":5}")
                .post("/payments/transfers").then().statusCode(201).header("X-Firebreak-Region", "region-b")
                .body("transferId", equalTo("t-1"));
        assertThat(RegionStubs.regionB.received("POST", "/transfers")).singleElement()
                .satisfies(r -> assertThat(r.header("Idempotency-Key")).isEqualTo("k-1"));
    }

    @Test
    void aBusyAnswerGoesToTheClientAsItIsNotToTheOtherRegionAndDoesNotCountAgainstTheRegion() {
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.problem(503, "database-busy", "a row is held")
                .withHeader("X-Firebreak-Busy", "database"));
        RegionStubs.regionB.on("POST", "/transfers", r -> Reply.json(201, "{\"transferId\":\"t-2\"}"));
        for (int i = 0; i < 6; i++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", "k-busy-" + i).body("{\"toUserId\":\"bob\",\"amount\":5}")
                    .post("/payments/transfers").then().statusCode(503).header("X-Firebreak-Region", "region-a")
                    .body("type", equalTo("https://firebreak.dev/problems/database-busy"));
        }
        assertThat(RegionStubs.regionB.received("POST", "/transfers")).as("region-b reaches the same primary").isEmpty();
        given().get("/edge/regions").then().body("serving.'payment-svc'", equalTo("region-a"));
    }

    @Test
    void aRequestTheFirstRegionMayHaveAppliedIsNeverReportedAsNotAppliedBecauseTheSecondFailedCleanly() {
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.problem(503, "database-unavailable", "failed while committing"));
        RegionStubs.regionB.stop(); // refused: nothing sent there, but region-a's answer did not say what it did
        try {
            given().contentType(ContentType.JSON).header("Idempotency-Key", "k-doubt").body("{\"toUserId\":\"bob\",\"amount\":5}")
                    .post("/payments/transfers").then().statusCode(503)
                    .body("type", equalTo("https://firebreak.dev/problems/region-unavailable"))
                    .body("outcomeUnknown", equalTo(true));
        } finally {
            RegionStubs.healthy(RegionStubs.regionB);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/edge/regions").then()
                    .body("regions.find { it.name == 'region-b' }.services.every { it.healthy }", equalTo(true)));
        }
    }

    @Test
    void aMessageWithAClientMessageIdIsRetriedToo() {
        RegionStubs.regionA.on("POST", "/rooms/r/messages", r -> Reply.problem(503, "database-unavailable", "no primary"));
        RegionStubs.regionB.on("POST", "/rooms/r/messages", r -> Reply.json(201, "{\"seq\":1}"));
        given().contentType(ContentType.JSON).body("{\"clientMessageId\":\"m-1\",\"text\":\"hi\"}").post("/messaging/rooms/r/messages")
                .then().statusCode(201).header("X-Firebreak-Region", "region-b");
    }

    @Test
    void aPostWithoutAKeyThatMayHaveBeenAppliedIsNotRepeatedAndTheClientIsToldSo() {
        RegionStubs.regionA.on("POST", "/accounts", RegionStubs.heldUntil(release));
        RegionStubs.regionB.on("POST", "/accounts", r -> Reply.json(201, "{}"));
        given().contentType(ContentType.JSON).body("{\"userId\":\"carol\"}").post("/messaging/accounts").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", equalTo("2"))
                .body("type", equalTo("https://firebreak.dev/problems/region-unavailable"))
                .body("outcomeUnknown", equalTo(true)).body("detail", containsString("Idempotency-Key"));
        assertThat(RegionStubs.regionB.received("POST", "/accounts")).isEmpty();
    }

    @Test
    void aWriteTheHealthyRegionIsTooSlowForIsNotSentToTheOtherRegionAndTheRegionStaysInRotation() {
        RegionStubs.regionA.on("POST", "/transfers", RegionStubs.heldUntil(release));
        RegionStubs.regionB.on("POST", "/transfers", r -> Reply.json(201, "{\"transferId\":\"t-2\"}"));
        for (int i = 0; i < 4; i++) {
            given().contentType(ContentType.JSON).header("Idempotency-Key", "slow-" + i).body("{\"toUserId\":\"bob\",\"amount\":5}")
                    .post("/payments/transfers").then().statusCode(503).contentType("application/problem+json")
                    .body("outcomeUnknown", equalTo(true)).body("detail", containsString("up but slow"));
        }
        assertThat(RegionStubs.regionB.received("POST", "/transfers")).as("never repeated in the other region").isEmpty();
        given().get("/edge/regions").then().body("serving.'payment-svc'", equalTo("region-a"));
    }

    @Test
    void slowRequestsToOneServiceAreNotQueuedBehindEachOtherInTheEdge() throws Exception {
        // Seven concurrent slow requests (commits waiting on a far standby) must all reach the
        // region at once; a small connection pool in the edge would hold some back until others end.
        int concurrent = 7;
        CountDownLatch arrived = new CountDownLatch(concurrent);
        RegionStubs.regionA.on("GET", "/api/slow", r -> {
            arrived.countDown();
            try {
                return arrived.await(700, TimeUnit.MILLISECONDS) ? Reply.json(200, "{}") : Reply.json(500, "{}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.json(500, "{}");
            }
        });
        ExecutorService clients = Executors.newFixedThreadPool(concurrent);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                answers.add(clients.submit(() -> given().get("/status/api/slow").statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).as("every request in flight together").isEqualTo(200);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aServicesOwnRefusalIsPassedThroughUntouched() {
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.problem(422, "insufficient-funds", "balance 3"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k-2").body("{}").post("/payments/transfers").then()
                .statusCode(422).body("type", equalTo("https://firebreak.dev/problems/insufficient-funds"));
        assertThat(RegionStubs.regionB.received("POST", "/transfers")).isEmpty();
    }

    @Test
    void onlyAnAdminMayDrainARegion() {
        given().put("/edge/admin/drained/region-a").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", TestTokens.user("alice")).put("/edge/admin/drained/region-a").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", TestTokens.admin()).put("/edge/admin/drained/region-z").then().statusCode(404);

        given().header("Authorization", TestTokens.admin()).put("/edge/admin/drained/region-a").then().statusCode(200);
        RegionStubs.regionB.on("GET", "/api/status", r -> Reply.json(200, "{}"));
        given().get("/status/api/status").then().statusCode(200).header("X-Firebreak-Region", "region-b");
        given().get("/edge/regions").then().body("regions.find { it.name == 'region-a' }.drained", equalTo(true));
    }

    @Test
    void aChunkedBodyIsPassedOnWhole() throws Exception {
        RegionStubs.regionA.on("POST", "/transfers", r -> Reply.json(201, "{}"));
        String body = "{\"toUserId\":\"bob\",\"amount\":5,\"memo\":\"" + "m".repeat(20_000) + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/payments/transfers"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "k-chunked")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(RegionStubs.regionA.received("POST", "/transfers")).singleElement()
                .satisfies(sent -> assertThat(sent.body()).isEqualTo(body));
    }

    @Test
    void aBodyLargerThanTheEdgeBuffersIsRefusedWithAProblem() {
        given().contentType(ContentType.JSON).body("{\"x\":\"" + "a".repeat(1_100_000) + "\"}").post("/payments/transfers").then()
                .statusCode(413).contentType("application/problem+json");
    }
}
