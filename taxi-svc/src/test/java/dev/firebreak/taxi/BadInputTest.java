package dev.firebreak.taxi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BadInputTest {

    @Test
    void badRideRequestsAreProblems() {
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k1")
                .body(Map.of("riderId", "r", "pickup", Map.of("lat", 91, "lon", 0), "dropoff", Map.of("lat", 0, "lon", 0)))
                .post("/rides").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("pickup.lat"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k2").body(Map.of("riderId", "r"))
                .post("/rides").then().statusCode(400).body("type", equalTo("https://firebreak.dev/problems/validation-failed"));
        given().contentType(ContentType.JSON).body(Map.of("riderId", "r", "pickup", Map.of("lat", 1, "lon", 1),
                "dropoff", Map.of("lat", 1, "lon", 1))).post("/rides").then()
                .statusCode(400).body("type", equalTo("https://firebreak.dev/problems/idempotency-key-required"));
        given().contentType(ContentType.JSON).header("Idempotency-Key", "k3").body("{\"riderId\": \"r\", \"pickup\": {\"lat\": \"north\"}}")
                .post("/rides").then().statusCode(400).body("type", equalTo("https://firebreak.dev/problems/invalid-field"))
                .body("field", equalTo("pickup.lat"));
    }

    @Test
    void unknownRidesAndDriversAre404() {
        given().get("/rides/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/ride-not-found"));
        given().get("/rides/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        given().get("/drivers/{id}", "nobody").then().statusCode(404)
                .body("type", equalTo("https://firebreak.dev/problems/driver-not-found"));
        given().contentType(ContentType.JSON).body(Map.of("lat", 1, "lon", 1, "available", true))
                .put("/drivers/{id}/position", "nobody").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("driverId", "d")).post("/rides/{id}/pickup", UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void badPositionsAreProblems() {
        given().contentType(ContentType.JSON).body(Map.of("lat", 1, "lon", 181, "available", true))
                .put("/drivers/{id}/position", "d1").then().statusCode(400).body("violations[0].field", equalTo("lon"));
        given().contentType(ContentType.JSON).body(Map.of("lat", 1, "lon", 1))
                .put("/drivers/{id}/position", "d1").then().statusCode(400).body("violations[0].field", equalTo("available"));
    }
}
