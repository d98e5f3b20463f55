package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.as;
import static dev.firebreak.payment.PaymentApi.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault flag chaos drills switch ({@code service-fault}): a failing service that operators still see. */
@QuarkusTest
class FaultFlagTest {

    @AfterEach
    void serveAgain() {
        asAdmin().contentType(ContentType.JSON).body(Map.of("mode", "none")).put("/ops/fault").then().statusCode(200);
    }

    @Test
    void whileFailingEveryBusinessRequestGetsA503AndNothingIsApplied() {
        String user = PaymentApi.newUser("fault");
        asAdmin().contentType(ContentType.JSON).body(Map.of("mode", "fail")).put("/ops/fault").then().statusCode(200)
                .body("mode", equalTo("FAIL"));

        String key = UUID.randomUUID().toString();
        PaymentApi.topUp(user, 500, key).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://firebreak.dev/problems/injected-fault"))
                .body("outcomeUnknown", equalTo(false));
        // Health and the flag itself keep answering, so operators see what is going on and can switch it back.
        given().get("/q/health/live").then().statusCode(200);
        asAdmin().get("/ops/fault").then().statusCode(200).body("mode", equalTo("FAIL"));

        serveAgain();
        // The refused top-up was not applied: the same key applies it now, once.
        PaymentApi.topUp(user, 500, key).then().statusCode(201);
        as(user).get("/wallets/{id}", user).then().statusCode(200).body("balance", equalTo(500));
    }

    @Test
    void onlyAnAdminMaySwitchItAndOnlyToFailOrNone() {
        given().contentType(ContentType.JSON).body(Map.of("mode", "fail")).put("/ops/fault").then().statusCode(401);
        as("mallory").contentType(ContentType.JSON).body(Map.of("mode", "fail")).put("/ops/fault").then().statusCode(403);
        asAdmin().contentType(ContentType.JSON).body(Map.of("mode", "explode")).put("/ops/fault").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("mode must be fail or none, not 'explode'"));
        asAdmin().contentType(ContentType.JSON).body("{}").put("/ops/fault").then().statusCode(400);
        asAdmin().get("/ops/fault").then().statusCode(200).body("mode", equalTo("NONE"));
    }
}
