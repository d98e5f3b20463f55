package dev.firebreak.payment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HealthTest {

    @Test
    void startedOnceTheSchemaIsMigratedAndReadyWithAPrimary() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/started").then().statusCode(200)
                        .body("checks.find { it.name == 'schema-migration' }.status", equalTo("UP")));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.data.role", equalTo("primary"));
    }

    @Test
    void livenessTouchesNoDependency() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItem("process"))
                .body("checks.name", not(hasItem("database")));
    }

    @Test
    void exposesMetricsAndOpenApi() {
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
