package dev.firebreak.payment;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** The calls the tests make, spelled once. */
final class PaymentApi {

    private PaymentApi() {
    }

    static String newUser(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().put("/wallets/{id}", id).then().statusCode(201);
        return id;
    }

    static String funded(String prefix, long amount) {
        String id = newUser(prefix);
        topUp(id, amount, UUID.randomUUID().toString()).then().statusCode(201);
        return id;
    }

    static Response topUp(String userId, long amount, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("amount", amount))
                .post("/wallets/{id}/top-ups", userId);
    }

    static Response transfer(String from, String to, long amount, String key) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("fromUserId", from, "toUserId", to, "amount", amount))
                .post("/transfers");
    }

    static long balance(String userId) {
        return given().get("/wallets/{id}", userId).then().statusCode(200).extract().jsonPath().getLong("balance");
    }
}
