package dev.firebreak.messaging;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The calls the tests make, spelled once. */
final class ChatApi {

    private ChatApi() {
    }

    static String user(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON).body(Map.of("displayName", prefix)).put("/users/{id}", id).then().statusCode(201);
        return id;
    }

    static String room(String creator, String... members) {
        String id = "room-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "Friends", "createdBy", creator, "members", List.of(members)))
                .put("/rooms/{id}", id).then().statusCode(201);
        return id;
    }

    static Response send(String roomId, String senderId, String clientMessageId, String text) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("senderId", senderId, "clientMessageId", clientMessageId, "text", text))
                .post("/rooms/{id}/messages", roomId);
    }

    static Response sendMoney(String roomId, String senderId, String recipientId, long amount, String clientMessageId) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("senderId", senderId, "recipientId", recipientId, "amount", amount, "clientMessageId", clientMessageId))
                .post("/rooms/{id}/money", roomId);
    }

    static long unread(String userId) {
        return given().get("/users/{id}/unread", userId).then().statusCode(200).extract().jsonPath().getLong("total");
    }
}
