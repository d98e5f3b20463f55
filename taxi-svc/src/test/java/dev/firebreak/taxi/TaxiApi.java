package dev.firebreak.taxi;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import dev.firebreak.testing.TestTokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls the tests make, spelled once. Each test works in its own spot of the service area (the
 * Seoul Capital Area), cells 0.1° apart: farther than the matching radius, so no test's rider is
 * ever matched to another test's driver.
 */
final class TaxiApi {

    private TaxiApi() {
    }

    private static final int ROWS = 12;
    private static final int COLUMNS = 14;
    private static final AtomicInteger NEXT_CELL = new AtomicInteger(ThreadLocalRandom.current().nextInt(ROWS * COLUMNS));

    /** A place in the service area far from every other test's drivers (up to 0.05° north and east of it stays inside). */
    static double[] somewhere() {
        int cell = NEXT_CELL.getAndIncrement() % (ROWS * COLUMNS);
        return new double[] {37.0 + cell / COLUMNS * 0.1, 126.4 + cell % COLUMNS * 0.1};
    }

    static RequestSpecification as(String userId) {
        return given().header("Authorization", TestTokens.user(userId));
    }

    static RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.admin());
    }

    static String driverAt(double lat, double lon) {
        String id = "driver-" + UUID.randomUUID().toString().substring(0, 8);
        as(id).contentType(ContentType.JSON).body(Map.of("name", "Kim " + id.substring(7))).put("/drivers/{id}", id).then().statusCode(201);
        as(id).contentType(ContentType.JSON).body(Map.of("lat", lat, "lon", lon, "available", true))
                .put("/drivers/{id}/position", id).then().statusCode(200);
        return id;
    }

    static Response request(String riderId, double lat, double lon, String key) {
        return as(riderId).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("pickup", Map.of("lat", lat, "lon", lon),
                        "dropoff", Map.of("lat", lat + 0.05, "lon", lon + 0.05)))
                .post("/rides");
    }

    /** {@code pickup}, {@code complete} or {@code cancel}, as {@code userId}. */
    static Response act(String rideId, String action, String userId) {
        return as(userId).post("/rides/{id}/" + action, rideId);
    }
}
