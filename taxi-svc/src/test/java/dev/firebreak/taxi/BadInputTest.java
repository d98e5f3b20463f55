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
        TaxiApi.as("r").contentType(ContentType.JSON).header("Idempotency-Key", "k1")
                .body(Map.of("pickup", Map.of("lat", 91, "lon", 0), "dropoff", Map.of("lat", 0, "lon", 0)))
                .post("/rides").then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("pickup.lat"));
        TaxiApi.as("r").contentType(ContentType.JSON).header("Idempotency-Key", "k2").body(Map.of("pickup", Map.of("lat", 1, "lon", 1)))
                .post("/rides").then().statusCode(400).body("type", equalTo("https://firebreak.dev/problems/validation-failed"));
        TaxiApi.as("r").contentType(ContentType.JSON).body(Map.of("pickup", Map.of("lat", 1, "lon", 1),
                "dropoff", Map.of("lat", 1, "lon", 1))).post("/rides").then()
                .statusCode(400).body("type", equalTo("https://firebreak.dev/problems/idempotency-key-required"));
        TaxiApi.as("r").contentType(ContentType.JSON).header("Idempotency-Key", "k3").body("{\"pickup\": {\"lat\": \"north\"}}")
                .post("/rides").then().statusCode(400).body("type", equalTo("https://firebreak.dev/problems/invalid-field"))
                .body("field", equalTo("pickup.lat"));
    }

    @Test
    void unknownRidesAndDriversAre404() {
        TaxiApi.as("r").get("/rides/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/ride-not-found"));
        TaxiApi.as("r").get("/rides/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
        TaxiApi.as("nobody").get("/drivers/{id}", "nobody").then().statusCode(404)
                .body("type", equalTo("https://firebreak.dev/problems/driver-not-found"));
        TaxiApi.as("nobody").contentType(ContentType.JSON).body(Map.of("lat", 37.5, "lon", 127.0, "available", true))
                .put("/drivers/{id}/position", "nobody").then().statusCode(404);
        TaxiApi.as("d").post("/rides/{id}/pickup", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void ridesAndDriversOutsideTheServiceAreaAreRefusedBeforeAnyDriverIsAsked() {
        double[] seoul = TaxiApi.somewhere();
        String driver = TaxiApi.driverAt(seoul[0], seoul[1]);
        TaxiApi.as("far-rider").contentType(ContentType.JSON).header("Idempotency-Key", "to-new-york")
                .body(Map.of("pickup", Map.of("lat", seoul[0], "lon", seoul[1]), "dropoff", Map.of("lat", 40.7128, "lon", -74.006)))
                .post("/rides").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/outside-service-area"))
                .body("field", equalTo("dropoff")).body("area.name", equalTo("the Seoul Capital Area"));
        TaxiApi.as("far-rider").contentType(ContentType.JSON).header("Idempotency-Key", "from-busan")
                .body(Map.of("pickup", Map.of("lat", 35.1796, "lon", 129.0756), "dropoff", Map.of("lat", seoul[0], "lon", seoul[1])))
                .post("/rides").then().statusCode(422).body("field", equalTo("pickup"));
        TaxiApi.as(driver).contentType(ContentType.JSON).body(Map.of("lat", 35.6762, "lon", 139.6503, "available", true))
                .put("/drivers/{id}/position", driver).then().statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/outside-service-area")).body("field", equalTo("position"));
        // Nothing was matched: the driver is still free, in Seoul.
        TaxiApi.as(driver).get("/drivers/{id}", driver).then().statusCode(200).body("available", equalTo(true))
                .body("position.lat", equalTo((float) seoul[0]));
    }

    @Test
    void badPositionsAreProblems() {
        TaxiApi.as("d1").contentType(ContentType.JSON).body(Map.of("lat", 1, "lon", 181, "available", true))
                .put("/drivers/{id}/position", "d1").then().statusCode(400).body("violations[0].field", equalTo("lon"));
        TaxiApi.as("d1").contentType(ContentType.JSON).body(Map.of("lat", 1, "lon", 1))
                .put("/drivers/{id}/position", "d1").then().statusCode(400).body("violations[0].field", equalTo("available"));
    }
}
