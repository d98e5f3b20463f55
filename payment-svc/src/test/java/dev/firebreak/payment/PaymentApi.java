package dev.firebreak.payment;

import static io.restassured.RestAssured.given;

import dev.firebreak.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** The calls the tests make, spelled once, each signed in as the user it acts for. */
final class PaymentApi {

    private PaymentApi() {
    }

    static RequestSpecification as(String userId) {
        return given().header("Authorization", TestTokens.user(userId));
    }

    static RequestSpecification asAdmin() {
        return given().header("Authorization", TestTokens.admin());
    }

    static String newUser(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        as(id).put("/wallets/{id}", id).then().statusCode(201);
        return id;
    }

    static String funded(String prefix, long amount) {
        String id = newUser(prefix);
        topUp(id, amount, UUID.randomUUID().toString()).then().statusCode(201);
        return id;
    }

    static Response topUp(String userId, long amount, String key) {
        return as(userId).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("amount", amount))
                .post("/wallets/{id}/top-ups", userId);
    }

    static Response transfer(String from, String to, long amount, String key) {
        return as(from).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("toUserId", to, "amount", amount))
                .post("/transfers");
    }

    static long balance(String userId) {
        return as(userId).get("/wallets/{id}", userId).then().statusCode(200).extract().jsonPath().getLong("balance");
    }
}
