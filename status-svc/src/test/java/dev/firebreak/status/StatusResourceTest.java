package dev.firebreak.status;

import static dev.firebreak.status.StatusTargetsResource.PAY_A;
import static dev.firebreak.status.StatusTargetsResource.PAY_B;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.firebreak.status.client.TargetClient;
import dev.firebreak.status.service.StatusPoller;
import dev.firebreak.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(StatusTargetsResource.class)
class StatusResourceTest {

    @Inject
    StatusPoller poller;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthy() {
        StatusTargetsResource.healAll();
        breakers.resetAll();
        poller.pollOnce();
    }

    private static long newestChangeId() {
        List<Integer> ids = given().get("/api/changes").then().extract().path("id");
        return ids.isEmpty() ? 0 : ids.get(0);
    }

    private static List<Map<String, Object>> changesSince(long id) {
        List<Map<String, Object>> all = given().get("/api/changes").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(i -> ((Number) i.get("id")).longValue() > id).toList();
    }

    @Test
    void reportsEveryTargetAfterAPoll() {
        given().get("/api/targets").then().statusCode(200)
                .body("size()", is(2))
                .body("find { it.name == 'pay-a' }.health", equalTo("UP"))
                .body("find { it.name == 'pay-a' }.region", equalTo("region-a"))
                .body("find { it.name == 'pay-b' }.breakers.ledger", equalTo("CLOSED"));
        given().get("/api/status").then().statusCode(200)
                .body("overall", equalTo("OPERATIONAL"))
                .body("polled", equalTo(true))
                .body("regions.region", equalTo(List.of("region-a", "region-b")));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'polled' }.data.targetsUp", equalTo(2));
    }

    @Test
    void warnsOperatorsBeforeAServiceIdentityExpiresAndSaysWhenItHas() {
        Instant soon = Instant.now().plus(Duration.ofDays(3));
        Instant later = Instant.now().plus(Duration.ofDays(25));
        PAY_A.on("GET", "/q/health", r -> Reply.json(200, identity(soon)));
        PAY_B.on("GET", "/q/health", r -> Reply.json(200, identity(later)));
        poller.pollOnce();

        JsonPath page = given().get("/api/page").then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("notices")).hasSize(1);
        assertThat(page.getString("notices[0].kind")).isEqualTo("identity-expiry");
        assertThat(page.getString("notices[0].region")).isEqualTo("region-a");
        assertThat(page.getBoolean("notices[0].expired")).isFalse();
        assertThat(page.getString("notices[0].message")).contains("expires in").contains("region-a").contains("identity init");
        given().get("/api/targets").then().body("find { it.name == 'pay-b' }.identityExpiresAt", equalTo(later.toString()));
        given().accept("text/html").get("/").then().statusCode(200).body(containsString("operator-notices"));
        // A service still up with an expired identity: the notice says so, and the service is not counted down for it.
        PAY_A.on("GET", "/q/health", r -> Reply.json(200, identity(Instant.now().minus(Duration.ofHours(5)))));
        poller.pollOnce();
        given().get("/api/page").then().body("notices[0].expired", equalTo(true))
                .body("notices[0].message", containsString("expired"));
        given().get("/api/status").then().body("overall", equalTo("OPERATIONAL"));
    }

    private static String identity(Instant expiresAt) {
        return """
                {"status":"UP","checks":[{"name":"process","status":"UP"},{"name":"service-identity","status":"UP",                "data":{"subject":"svc:taxi-svc","expiresAt":"%s"}}]}""".formatted(expiresAt);
    }

    @Test
    void logsAnIncidentWhenATargetGoesDownAndWhenItRecovers() {
        long before = newestChangeId();
        PAY_A.on("GET", "/q/health", r -> Reply.json(503, StatusTargetsResource.DB_DOWN));
        poller.pollOnce();

        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.health", equalTo("DOWN"))
                .body("find { it.name == 'pay-a' }.failingChecks.database.error", containsString("database unreachable"));
        JsonPath status = given().get("/api/status").then().extract().jsonPath();
        assertThat(status.getString("regions.find { it.region == 'region-a' }.services[0].state")).isEqualTo("DOWN");
        assertThat(status.getString("regions.find { it.region == 'region-b' }.services[0].state")).isEqualTo("OPERATIONAL");
        assertThat(status.getString("overall")).as("payments still served by region-b").isEqualTo("DEGRADED");
        assertThat(changesSince(before)).singleElement().satisfies(i -> {
            assertThat(i.get("kind")).isEqualTo("SERVICE_DOWN");
            assertThat(i.get("target")).isEqualTo("pay-a");
            assertThat((String) i.get("detail")).contains("database unreachable");
        });

        PAY_A.on("GET", "/q/health", r -> Reply.json(200, StatusTargetsResource.HEALTHY));
        poller.pollOnce();
        assertThat(changesSince(before)).first().satisfies(i -> {
            assertThat(i.get("kind")).isEqualTo("SERVICE_UP");
            assertThat(i.get("afterSeconds")).isNotNull();
        });
        given().get("/api/status").then().body("overall", equalTo("OPERATIONAL"));
    }

    @Test
    void unreachableTargetIsReportedWithTheReasonAndItsProbeBreakerOpens() {
        PAY_A.stop();
        for (int i = 0; i < 4; i++) {
            poller.pollOnce();
        }
        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.health", equalTo("UNREACHABLE"))
                .body("find { it.name == 'pay-a' }.error", containsString("breaker open"));
        assertThat(breakers.currentState(TargetClient.BREAKER_PREFIX + "pay-a")).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(breakers.currentState(TargetClient.BREAKER_PREFIX + "pay-b")).isEqualTo(CircuitBreakerState.CLOSED);
        given().get("/api/targets").then().body("find { it.name == 'pay-b' }.health", equalTo("UP"));
    }

    /** A target that takes longer than the probe timeout (1 s in tests) to answer. */
    private static Reply slowly(Reply reply) {
        try {
            Thread.sleep(1300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reply;
    }

    @Test
    void aTargetThatStopsAnsweringIsSuspectFirstAndUnreachableAfterThreeUnansweredProbes() {
        long before = newestChangeId();
        PAY_A.on("GET", "/q/health", r -> slowly(Reply.json(200, StatusTargetsResource.HEALTHY)));
        poller.pollOnce();
        poller.pollOnce();

        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.health", equalTo("UP"))
                .body("find { it.name == 'pay-a' }.unanswered", equalTo(2))
                .body("find { it.name == 'pay-a' }.error", containsString("no answer within"));
        assertThat(changesSince(before)).as("a suspicion is not yet a change").isEmpty();
        given().get("/api/status").then().body("overall", equalTo("OPERATIONAL"));
        given().get("/api/targets/pay-a/history").then().body("health", hasItem("UNREACHABLE"));

        poller.pollOnce();
        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.health", equalTo("UNREACHABLE"))
                .body("find { it.name == 'pay-a' }.unanswered", nullValue());
        assertThat(changesSince(before)).singleElement().satisfies(i -> {
            assertThat(i.get("kind")).isEqualTo("SERVICE_DOWN");
            assertThat((String) i.get("detail")).contains("no answer within");
        });
        given().get("/api/status").then().body("overall", equalTo("DEGRADED"));
    }

    @Test
    void aSlowMomentPassesWithoutATrace() {
        long before = newestChangeId();
        PAY_A.on("GET", "/q/health", r -> slowly(Reply.json(200, StatusTargetsResource.HEALTHY)));
        poller.pollOnce();
        PAY_A.on("GET", "/q/health", r -> Reply.json(200, StatusTargetsResource.HEALTHY));
        poller.pollOnce();

        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.health", equalTo("UP"))
                .body("find { it.name == 'pay-a' }.unanswered", nullValue())
                .body("find { it.name == 'pay-a' }.error", nullValue());
        assertThat(changesSince(before)).isEmpty();
    }

    @Test
    void theEdgeFailingTheSameServiceConfirmsTheLossAtOnce() {
        long before = newestChangeId();
        PAY_A.on("GET", "/q/health", r -> slowly(Reply.json(200, StatusTargetsResource.HEALTHY)));
        StatusTargetsResource.edgeFailing("region-a", "payment-svc");
        poller.pollOnce();

        given().get("/api/targets").then().body("find { it.name == 'pay-a' }.health", equalTo("UNREACHABLE"));
        assertThat(changesSince(before)).singleElement().satisfies(i -> assertThat(i.get("kind")).isEqualTo("SERVICE_DOWN"));
        given().get("/api/targets").then().body("find { it.name == 'pay-b' }.health", equalTo("UP"));
    }

    @Test
    void anEdgeThatAnswersSlowlyOnceIsNotDeclaredGone() {
        long before = newestChangeId();
        StatusTargetsResource.EDGE.on("GET", "/edge/regions", r -> slowly(Reply.json(503, "{}")));
        poller.pollOnce();
        StatusTargetsResource.edgeNormal();
        poller.pollOnce();

        given().get("/api/page").then().body("edge.health", equalTo("UP"));
        assertThat(changesSince(before)).extracting(i -> i.get("kind")).doesNotContain("EDGE_DOWN");
    }

    @Test
    void breakerOpeningIsAnIncidentAndDegradesTheService() {
        long before = newestChangeId();
        StatusTargetsResource.breakers(PAY_A, "OPEN");
        poller.pollOnce();
        assertThat(changesSince(before)).singleElement().satisfies(i -> {
            assertThat(i.get("kind")).isEqualTo("BREAKER_OPEN");
            assertThat((String) i.get("detail")).contains("'ledger' CLOSED → OPEN");
        });
        given().get("/api/status").then()
                .body("regions.find { it.region == 'region-a' }.services[0].state", equalTo("DEGRADED"));
        StatusTargetsResource.breakers(PAY_A, "CLOSED");
        poller.pollOnce();
        assertThat(changesSince(before)).first().satisfies(i -> assertThat(i.get("kind")).isEqualTo("BREAKER_CLOSED"));
    }

    @Test
    void aBreakerLeftOpenWithNoCallSinceIsIdleAndDegradesNothing() {
        // e.g. taxi-svc in a region the edge no longer sends riders to: its breaker opened during
        // a switchover and, with no call to move it on, reports OPEN for ever.
        long before = newestChangeId();
        StatusTargetsResource.breakers(PAY_A, "OPEN", Instant.now().minus(Duration.ofMinutes(2)));
        poller.pollOnce();

        given().get("/api/targets").then()
                .body("find { it.name == 'pay-a' }.breakers.ledger", equalTo("OPEN_IDLE"));
        given().get("/api/status").then()
                .body("regions.find { it.region == 'region-a' }.services[0].state", equalTo("OPERATIONAL"));
        assertThat(changesSince(before)).extracting(i -> i.get("kind")).doesNotContain("BREAKER_OPEN");

        // One whose trial calls keep failing re-opens every delay, so its "since" stays recent.
        StatusTargetsResource.breakers(PAY_A, "OPEN", Instant.now().minusSeconds(3));
        poller.pollOnce();
        given().get("/api/status").then()
                .body("regions.find { it.region == 'region-a' }.services[0].state", equalTo("DEGRADED"));
        // When no call comes after all, it is seen going idle.
        StatusTargetsResource.breakers(PAY_A, "OPEN", Instant.now().minusSeconds(60));
        poller.pollOnce();
        assertThat(changesSince(before)).first().satisfies(i -> {
            assertThat(i.get("kind")).isEqualTo("BREAKER_IDLE");
            assertThat((String) i.get("detail")).contains("'ledger' OPEN → OPEN_IDLE");
        });
        given().get("/api/status").then()
                .body("regions.find { it.region == 'region-a' }.services[0].state", equalTo("OPERATIONAL"));
    }

    @Test
    void historyAndIncidentsAreBounded() {
        for (int i = 0; i < 24; i++) { // 24 changes: more than the 20 incidents kept in %test
            final boolean down = i % 2 == 0;
            PAY_B.on("GET", "/q/health", r -> Reply.json(down ? 503 : 200, down ? StatusTargetsResource.DB_DOWN : StatusTargetsResource.HEALTHY));
            poller.pollOnce();
        }
        given().get("/api/targets/pay-b/history").then().statusCode(200).body("size()", is(5));
        given().queryParam("limit", 1000).get("/api/changes").then().body("size()", is(20));
        given().get("/api/changes").then().body("[0].id", greaterThanOrEqualTo(24));
    }

    @Test
    void unknownTargetIsAProblem() {
        given().get("/api/targets/nope/history").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/target-not-found"));
        given().queryParam("limit", 0).get("/api/changes").then().statusCode(400).contentType("application/problem+json");
    }
}
