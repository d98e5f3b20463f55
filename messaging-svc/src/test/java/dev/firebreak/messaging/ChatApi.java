package dev.firebreak.messaging;

import static io.restassured.RestAssured.given;

import dev.firebreak.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The calls the tests make, spelled once, each signed in as the user it acts for. */
final class ChatApi {

    static final String PASSWORD = "correct horse battery";

    private ChatApi() {
    }

    static RequestSpecification as(String userId) {
        return given().header("Authorization", TestTokens.user(userId));
    }

    /** {@code POST /sessions}. */
    static io.restassured.response.ValidatableResponse signIn(String userId, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("userId", userId, "password", password)).post("/sessions").then();
    }

    /** Signs a new user up; returns the id. */
    static String user(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("userId", id, "displayName", prefix, "password", PASSWORD))
                .post("/accounts").then().statusCode(201);
        return id;
    }

    static String room(String creator, String... members) {
        String id = "room-" + UUID.randomUUID().toString().substring(0, 8);
        as(creator).contentType(ContentType.JSON)
                .body(Map.of("name", "Friends", "members", List.of(members)))
                .put("/rooms/{id}", id).then().statusCode(201);
        return id;
    }

    static Response send(String roomId, String senderId, String clientMessageId, String text) {
        return as(senderId).contentType(ContentType.JSON)
                .body(Map.of("clientMessageId", clientMessageId, "text", text))
                .post("/rooms/{id}/messages", roomId);
    }

    static Response sendMoney(String roomId, String senderId, String recipientId, long amount, String clientMessageId) {
        return as(senderId).contentType(ContentType.JSON)
                .body(Map.of("recipientId", recipientId, "amount", amount, "clientMessageId", clientMessageId))
                .post("/rooms/{id}/money", roomId);
    }

    static long unread(String userId) {
        return as(userId).get("/users/{id}/unread", userId).then().statusCode(200).extract().jsonPath().getLong("total");
    }
}
