package dev.firebreak.taxi;

import static dev.firebreak.taxi.TaxiApi.act;
import static dev.firebreak.taxi.TaxiApi.driverAt;
import static dev.firebreak.taxi.TaxiApi.request;
import static dev.firebreak.taxi.TaxiApi.somewhere;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import dev.firebreak.taxi.service.MatchingJob;
import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RideLifecycleTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    MatchingJob matching;

    @Inject
    AgroalDataSource dataSource;

    StubServer payment;
    StubServer messaging;

    @BeforeEach
    void reset() {
        breakers.resetAll();
        payment = StubServerResource.stub("payment");
        messaging = StubServerResource.stub("messaging");
        payment.reset();
        messaging.reset();
        payment.on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\",\"kind\":\"PAYMENT\"}"));
        messaging.on("POST", "/notices", r -> Reply.json(201, "{\"roomId\":\"notices.x\",\"seq\":1}"));
    }

    @Test
    void rideGoesFromRequestToCompletedAndTheFareIsChargedOnce() {
        double[] here = somewhere();
        String near = driverAt(here[0] + 0.001, here[1]);
        driverAt(here[0] + 0.02, here[1]); // farther away
        String rider = "rider-" + UUID.randomUUID().toString().substring(0, 8);

        String rideId = request(rider, here[0], here[1], UUID.randomUUID().toString()).then()
                .statusCode(201)
                .body("status", equalTo("MATCHED"))
                .body("driverId", equalTo(near))
                .extract().path("rideId");
        TaxiApi.as(near).get("/drivers/{id}", near).then().body("activeRideId", equalTo(rideId));

        act(rideId, "pickup", near).then().statusCode(200).body("status", equalTo("PICKED_UP"));
        var done = act(rideId, "complete", near).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("fare", greaterThan(4_800))
                .body("distanceMeters", greaterThan(0))
                .body("charge.status", equalTo("SETTLED"))
                .body("charge.transferId", notNullValue())
                .extract().jsonPath();
        int fare = done.getInt("fare");

        // Completing again is a no-op, not a second charge.
        act(rideId, "complete", near).then().statusCode(200).body("status", equalTo("COMPLETED"));
        var charges = payment.received("POST", "/payments");
        assertThat(charges).hasSize(1);
        assertThat(charges.get(0).header("Idempotency-Key")).isEqualTo("ride:" + rideId);
        // Charged as taxi-svc's own narrow identity, not as the driver who completed the ride.
        assertThat(TestTokens.subject(charges.get(0).header("Authorization"))).isEqualTo("svc:taxi-svc");
        assertThat(TestTokens.subject(messaging.received("POST", "/notices").get(0).header("Authorization"))).isEqualTo("svc:taxi-svc");
        assertThat(charges.get(0).body()).contains("\"payerId\":\"" + rider + "\"").contains("\"amount\":" + fare)
                .contains("\"merchantId\":\"kakao-t\"");

        // The rider heard about the match and the end of the ride.
        assertThat(messaging.received("POST", "/notices")).extracting(StubServer.Request::body)
                .anySatisfy(b -> assertThat(b).contains("ride-" + rideId + "-matched"))
                .anySatisfy(b -> assertThat(b).contains("ride-" + rideId + "-completed").contains("Fare:"));
        TaxiApi.as(near).get("/drivers/{id}", near).then().body("activeRideId", equalTo(null));
    }

    @Test
    void illegalTransitionsAreRefusedWith409() {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        String rideId = request("rider-x", here[0], here[1], UUID.randomUUID().toString()).then()
                .statusCode(201).extract().path("rideId");

        act(rideId, "complete", driver).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/illegal-ride-transition"))
                .body("status", equalTo(409))
                .body("requested", equalTo("COMPLETED"));
        act(rideId, "pickup", driver).then().statusCode(200);
        act(rideId, "cancel", "rider-x").then()
                .statusCode(409).body("type", equalTo("https://firebreak.dev/problems/illegal-ride-transition"));
        TaxiApi.as("rider-x").get("/rides/{id}", rideId).then().body("status", equalTo("PICKED_UP"));
    }

    @Test
    void aRideExistsOnlyForItsRiderAndDriverAndOnlyTheDriverDrivesIt() {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        double[] elsewhere = somewhere();
        String stranger = driverAt(elsewhere[0], elsewhere[1]);
        String rideId = request("rider-y", here[0], here[1], UUID.randomUUID().toString()).then().extract().path("rideId");

        TaxiApi.as(stranger).get("/rides/{id}", rideId).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/ride-not-found"));
        act(rideId, "pickup", stranger).then().statusCode(404);
        act(rideId, "cancel", "someone-else").then().statusCode(404);
        TaxiApi.as(stranger).get("/drivers/{id}", driver).then().statusCode(404);
        TaxiApi.as(stranger).contentType(ContentType.JSON).body(Map.of("lat", here[0], "lon", here[1], "available", false))
                .put("/drivers/{id}/position", driver).then().statusCode(404);
        TaxiApi.as(stranger).contentType(ContentType.JSON).body(Map.of("name", "Imposter")).put("/drivers/{id}", driver).then().statusCode(403);
        act(rideId, "pickup", "rider-y").then().statusCode(403).body("type", equalTo("https://firebreak.dev/problems/not-your-ride"));

        TaxiApi.as(driver).get("/rides/{id}", rideId).then().statusCode(200);
        TaxiApi.asAdmin().get("/rides/{id}", rideId).then().statusCode(200);
        act(rideId, "cancel", "rider-y").then().statusCode(200).body("status", equalTo("CANCELLED")).body("cancelReason", equalTo("rider"));
        TaxiApi.as(driver).get("/drivers/{id}", driver).then().body("activeRideId", equalTo(null));
    }

    @Test
    void waitingRideIsMatchedWhenADriverBecomesFree() {
        double[] here = somewhere();
        String rideId = request("rider-z", here[0], here[1], UUID.randomUUID().toString()).then()
                .statusCode(201).body("status", equalTo("REQUESTED")).extract().path("rideId");
        String driver = driverAt(here[0] + 0.002, here[1] + 0.002);
        matching.run();
        TaxiApi.as("rider-z").get("/rides/{id}", rideId).then().body("status", equalTo("MATCHED")).body("driverId", equalTo(driver));
    }

    @Test
    void aMatchedRideNeverPickedUpIsCancelledInTimeAndItsDriverFreed() throws Exception {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        String rider = "rider-" + UUID.randomUUID().toString().substring(0, 8);
        String rideId = request(rider, here[0], here[1], UUID.randomUUID().toString()).then()
                .statusCode(201).body("status", equalTo("MATCHED")).extract().path("rideId");
        matching.run();
        TaxiApi.as(rider).get("/rides/{id}", rideId).then().body("status", equalTo("MATCHED"));

        // The driver's app went silent (its region burned) 11 minutes ago: past taxi.matching.pickup-timeout.
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("UPDATE ride SET matched_at = now() - interval '11 minutes' WHERE id = ?")) {
            st.setObject(1, UUID.fromString(rideId));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        matching.run();

        TaxiApi.as(rider).get("/rides/{id}", rideId).then()
                .body("status", equalTo("CANCELLED")).body("cancelReason", equalTo("pickup-timeout")).body("cancelledAt", notNullValue());
        TaxiApi.as(driver).get("/drivers/{id}", driver).then().body("activeRideId", equalTo(null));
        assertThat(messaging.received("POST", "/notices")).filteredOn(r -> r.body().contains("ride-" + rideId + "-expired"))
                .singleElement().satisfies(r -> assertThat(r.body()).contains("did not reach you within 10 minutes", rider));
        // Free again: the next rider nearby gets this driver, and the late pickup of the old ride is refused.
        request("rider-next", here[0], here[1], UUID.randomUUID().toString()).then()
                .statusCode(201).body("status", equalTo("MATCHED")).body("driverId", equalTo(driver));
        act(rideId, "pickup", driver).then().statusCode(409);
    }

    @Test
    void oneDriverIsNeverMatchedToTwoRides() throws Exception {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String rider = "rider-" + i;
            calls.add(() -> request(rider, here[0], here[1], UUID.randomUUID().toString()).then().statusCode(201)
                    .extract().path("status"));
        }
        var pool = Executors.newFixedThreadPool(6);
        List<String> statuses = new ArrayList<>();
        for (var f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses.stream().filter("MATCHED"::equals).count()).isEqualTo(1);
        assertThat(statuses.stream().filter("REQUESTED"::equals).count()).isEqualTo(5);
        TaxiApi.as(driver).get("/drivers/{id}", driver).then().body("activeRideId", notNullValue());
    }

    @Test
    void rideRequestIsIdempotentByKey() {
        double[] here = somewhere();
        String key = UUID.randomUUID().toString();
        String first = request("rider-k", here[0], here[1], key).then().statusCode(201).extract().path("rideId");
        String again = request("rider-k", here[0], here[1], key).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().path("rideId");
        assertThat(again).isEqualTo(first);
        request("rider-k", here[0] + 0.01, here[1], key).then().statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/idempotency-key-reused"))
                .body("rideId", equalTo(first));
        // Keys are per rider: another rider's same key is theirs alone, and says nothing of rider-k's ride.
        request("rider-other", here[0] + 0.01, here[1], key).then().statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue())
                .body("rideId", org.hamcrest.Matchers.not(equalTo(first)));
    }
}
