package dev.firebreak.taxi;

import static dev.firebreak.taxi.TaxiApi.act;
import static dev.firebreak.taxi.TaxiApi.driverAt;
import static dev.firebreak.taxi.TaxiApi.request;
import static dev.firebreak.taxi.TaxiApi.somewhere;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.greaterThan;

import dev.firebreak.taxi.service.OutboxRelay;
import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When payment-svc is down, rides still complete; their charges wait in the outbox and settle once it returns. */
@QuarkusTest
class PaymentOutageTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    OutboxRelay relay;

    StubServer payment;

    @BeforeEach
    void reset() {
        breakers.resetAll();
        payment = StubServerResource.stub("payment");
        payment.reset();
        StubServer messaging = StubServerResource.stub("messaging");
        messaging.reset();
        messaging.on("POST", "/notices", r -> Reply.json(201, "{}"));
        payment.on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}"));
        for (String peer : List.of("payment-peer", "messaging-peer")) {
            StubServerResource.stub(peer).reset();
            StubServerResource.stub(peer).stop(); // the other region is away unless a test brings it back
        }
    }

    private final java.util.Map<String, String> riders = new java.util.concurrent.ConcurrentHashMap<>();

    private String completedRide() {
        return completedRide("rider-" + UUID.randomUUID().toString().substring(0, 6));
    }

    private String completedRide(String rider) {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        String rideId = request(rider, here[0], here[1],
                UUID.randomUUID().toString()).then().statusCode(201).body("status", equalTo("MATCHED")).extract().path("rideId");
        act(rideId, "pickup", driver).then().statusCode(200);
        act(rideId, "complete", driver).then().statusCode(200).body("status", equalTo("COMPLETED"));
        riders.put(rideId, rider);
        return rideId;
    }

    private static Instant breakerSince(String name) {
        return Instant.parse(given().get("/ops/circuit-breakers").then().statusCode(200)
                .extract().path("breakers.find { it.name == '" + name + "' }.since"));
    }

    private io.restassured.response.ValidatableResponse ride(String rideId) {
        return TaxiApi.as(riders.get(rideId)).get("/rides/{id}", rideId).then();
    }

    @Test
    void breakerOpensRidesCompleteWithPendingChargesThatSettleWhenPaymentReturns() {
        Instant closedSince = breakerSince("payment");
        payment.stop();

        List<String> rides = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String rideId = completedRide();
            ride(rideId)
                    .body("status", equalTo("COMPLETED"))
                    .body("charge.status", equalTo("PENDING"))
                    .body("charge.amount", greaterThan(0));
            rides.add(rideId);
        }
        // It opened (the metric counts it); with a short test delay it may already be trying HALF_OPEN.
        given().get("/ops/circuit-breakers").then()
                .body("breakers.find { it.name == 'payment' }.state", anyOf(equalTo("OPEN"), equalTo("HALF_OPEN")));
        // ...and says since when, so a status page can tell a breaker still failing from one nobody has called since.
        assertThat(breakerSince("payment")).isAfter(closedSince);
        given().get("/q/metrics").then()
                .body(matchesPattern("(?s).*ft_circuitbreaker_opened_total\\{[^}]*PaymentClient.pay[^}]*\\} [1-9].*"));
        TaxiApi.asAdmin().get("/ops/outbox").then().body("pendingCharges", greaterThan(4));
        TaxiApi.as("someone").get("/ops/outbox").then().statusCode(403);
        given().get("/q/health/ready").then().statusCode(200);

        payment.restart();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            relay.deliverDue(null);
            for (String rideId : rides) {
                ride(rideId).body("charge.status", equalTo("SETTLED"));
            }
        });
        // Settled once each: payment-svc saw one charge per ride, under the ride's key.
        for (String rideId : rides) {
            assertThat(payment.received("POST", "/payments"))
                    .filteredOn(r -> ("ride:" + rideId).equals(r.header("Idempotency-Key")))
                    .hasSize(1);
        }
        relay.deliverDue(null);
        assertThat(payment.received("POST", "/payments")).hasSize(rides.size());
    }

    @Test
    void aRefusedChargeIsOwedWithoutOpeningTheBreaker() {
        payment.on("POST", "/payments", r -> Reply.problem(409, "insufficient-funds", "Wallet holds 100 won"));
        for (int i = 0; i < 9; i++) {
            String rideId = completedRide();
            ride(rideId)
                    .body("charge.status", equalTo("UNPAID"))
                    .body("charge.lastError", equalTo("insufficient-funds: Wallet holds 100 won"));
        }
        given().get("/ops/circuit-breakers").then().body("breakers.find { it.name == 'payment' }.state", equalTo("CLOSED"));
        TaxiApi.asAdmin().get("/ops/outbox").then().body("unpaidCharges", greaterThan(8));
    }

    @Test
    void healthSaysWhenTaxiSvcsOwnIdentityExpiresAndStaysUpWhateverItSays() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'service-identity' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'service-identity' }.data.subject", equalTo("svc:taxi-svc"))
                .body("checks.find { it.name == 'service-identity' }.data.expired", equalTo(false))
                .body("checks.find { it.name == 'service-identity' }.data.expiresAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    }

    @Test
    void aRiderWhoOwesAFareRidesAgainOnlyAfterSettlingIt() {
        String rider = "owes-" + UUID.randomUUID().toString().substring(0, 6);
        payment.on("POST", "/payments", r -> Reply.problem(409, "insufficient-funds", "Wallet 'x' holds 0 won"));
        String rideId = completedRide(rider);
        ride(rideId).body("status", equalTo("COMPLETED")).body("charge.status", equalTo("UNPAID"));
        int fare = ride(rideId).extract().path("fare");

        double[] here = somewhere();
        request(rider, here[0], here[1], UUID.randomUUID().toString()).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/unpaid-fare"))
                .body("owed", equalTo(fare))
                .body("unpaidRides[0].rideId", equalTo(rideId))
                .body("detail", org.hamcrest.Matchers.containsString("/rides/" + rideId + "/settle"));
        // Only the rider settles it; the driver sees the ride, but the fare is not theirs.
        String driver = TaxiApi.as(rider).get("/rides/{id}", rideId).then().extract().path("driverId");
        act(rideId, "settle", driver).then().statusCode(403).body("type", equalTo("https://firebreak.dev/problems/not-your-fare"));

        // The rider tops up; settling charges the fare again, under the same key.
        payment.on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}"));
        act(rideId, "settle", rider).then().statusCode(200).body("charge.status", equalTo("SETTLED"));
        assertThat(payment.received("POST", "/payments")).hasSize(2)
                .allSatisfy(r -> assertThat(r.header("Idempotency-Key")).isEqualTo("ride:" + rideId));
        act(rideId, "settle", rider).then().statusCode(200).body("charge.status", equalTo("SETTLED"));
        assertThat(payment.received("POST", "/payments")).as("settled once, never again").hasSize(2);

        request(rider, here[0], here[1], UUID.randomUUID().toString()).then().statusCode(201);
        String other = "rider-" + UUID.randomUUID().toString().substring(0, 6);
        String unfinished = request(other, here[0] + 0.01, here[1], UUID.randomUUID().toString()).then().extract().path("rideId");
        act(unfinished, "settle", other).then().statusCode(409).body("type", equalTo("https://firebreak.dev/problems/nothing-to-settle"));
    }

    @Test
    void answersAboutTheRequestNeverOpenTheBreakerNorGoToThePeerRegion() {
        StubServer peer = StubServerResource.stub("payment-peer");
        peer.restart();
        peer.on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}"));
        List<Reply> answers = List.of(Reply.problem(500, "internal-error", "A bug met by this request"),
                Reply.problem(400, "invalid-text", "Field 'reference' contains U+0000"),
                Reply.problem(401, "unauthenticated", "Token expired"),
                Reply.problem(503, "database-busy", "A row stayed locked").withHeader("X-Firebreak-Busy", "database"));
        for (Reply answer : answers) {
            payment.on("POST", "/payments", r -> answer);
            for (int i = 0; i < 9; i++) {
                String rideId = completedRide();
                // Not a verdict on the fare: it waits in the outbox and is tried again later.
                ride(rideId).body("status", equalTo("COMPLETED")).body("charge.status", equalTo("PENDING"))
                        .body("charge.lastError", org.hamcrest.Matchers.startsWith(answer.body().contains("database-busy") ? "database-busy"
                                : answer.body().contains("internal-error") ? "dependency-error" : answer.body().contains("invalid-text")
                                        ? "invalid-text" : "unauthenticated"));
            }
            given().get("/ops/circuit-breakers").then()
                    .body("breakers.find { it.name == 'payment' }.state", equalTo("CLOSED"))
                    .body("breakers.find { it.name == 'payment-peer' }.state", equalTo("CLOSED"));
        }
        assertThat(peer.received("POST", "/payments")).as("the peer region answers the same request the same way").isEmpty();
    }

    @Test
    void whenThisRegionsPaymentIsDownTheChargeGoesToPaymentInThePeerRegionOnce() {
        payment.stop();
        StubServer peer = StubServerResource.stub("payment-peer");
        peer.restart();
        peer.on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}"));

        String rideId = completedRide();
        ride(rideId).body("status", equalTo("COMPLETED")).body("charge.status", equalTo("SETTLED"));
        assertThat(peer.received("POST", "/payments")).singleElement().satisfies(r -> {
            assertThat(r.header("Idempotency-Key")).isEqualTo("ride:" + rideId);
            assertThat(r.header("Authorization")).as("taxi-svc's own identity, in the other region too").startsWith("Bearer ");
        });
        relay.deliverDue(null);
        assertThat(peer.received("POST", "/payments")).as("settled, so never charged again").hasSize(1);
    }

    @Test
    void aRefusalFromThePeerRegionIsAnAnswerNotAnOutage() {
        payment.stop();
        StubServer peer = StubServerResource.stub("payment-peer");
        peer.restart();
        peer.on("POST", "/payments", r -> Reply.problem(409, "insufficient-funds", "Wallet holds 100 won"));
        String rideId = completedRide();
        ride(rideId).body("charge.status", equalTo("UNPAID")).body("charge.lastError", equalTo("insufficient-funds: Wallet holds 100 won"));
    }

    @Test
    void noticesGoToMessagingInThePeerRegionWhenThisRegionsIsDown() {
        StubServerResource.stub("messaging").stop();
        StubServer peer = StubServerResource.stub("messaging-peer");
        peer.restart();
        peer.on("POST", "/notices", r -> Reply.json(201, "{}"));
        String rideId = completedRide();
        ride(rideId).body("status", equalTo("COMPLETED"));
        assertThat(peer.received("POST", "/notices")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.body()).contains("ride-" + rideId));
    }

    @Test
    void messagingOutageDoesNotBlockRides() {
        StubServerResource.stub("messaging").stop();
        String rideId = completedRide();
        ride(rideId).body("status", equalTo("COMPLETED")).body("charge.status", equalTo("SETTLED"));
        TaxiApi.asAdmin().get("/ops/outbox").then().body("pendingNotices", greaterThan(0));
    }
}
