package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.room;
import static dev.firebreak.messaging.ChatApi.send;
import static dev.firebreak.messaging.ChatApi.unread;
import static dev.firebreak.messaging.ChatApi.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChatResourceTest {

    @Test
    void messagesAreNumberedPerRoomAndPagedNewestFirst() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        for (int i = 1; i <= 5; i++) {
            send(room, i % 2 == 0 ? bob : alice, UUID.randomUUID().toString(), "hello " + i).then()
                    .statusCode(201).body("seq", equalTo(i)).body("kind", equalTo("TEXT"));
        }
        String cursor = ChatApi.as(bob).queryParam("limit", 3).get("/rooms/{id}/messages", room).then()
                .statusCode(200)
                .body("items.text", contains("hello 5", "hello 4", "hello 3"))
                .extract().path("nextCursor");
        ChatApi.as(bob).queryParam("limit", 3).queryParam("before", cursor).get("/rooms/{id}/messages", room).then()
                .body("items.text", contains("hello 2", "hello 1"))
                .body("nextCursor", nullValue());
    }

    @Test
    void resendingAClientMessageIdReturnsTheOriginalAndPostsOnce() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        String id = UUID.randomUUID().toString();
        send(room, alice, id, "are you coming?").then().statusCode(201).body("seq", equalTo(1));
        send(room, alice, id, "are you coming?").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("seq", equalTo(1));
        assertThat(unread(bob)).isEqualTo(1);

        send(room, alice, id, "something else").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/client-message-id-reused"));
    }

    @Test
    void concurrentResendsPostOnce() throws Exception {
        String alice = user("alice");
        String room = room(alice);
        String id = UUID.randomUUID().toString();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> send(room, alice, id, "once").then().statusCode(201).extract().path("seq"));
        }
        var pool = Executors.newFixedThreadPool(6);
        List<Integer> seqs = new ArrayList<>();
        for (var f : pool.invokeAll(calls)) {
            seqs.add(f.get());
        }
        pool.shutdown();
        assertThat(seqs).containsOnly(1);
        ChatApi.as(alice).get("/rooms/{id}", room).then().body("lastSeq", equalTo(1));
    }

    @Test
    void unreadCountsFollowReadPositions() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        send(room, alice, UUID.randomUUID().toString(), "one").then().statusCode(201);
        send(room, alice, UUID.randomUUID().toString(), "two").then().statusCode(201);
        send(room, alice, UUID.randomUUID().toString(), "three").then().statusCode(201);

        assertThat(unread(bob)).isEqualTo(3);
        assertThat(unread(alice)).as("own messages are read").isZero();

        ChatApi.as(bob).contentType(ContentType.JSON).body(Map.of("seq", 2)).post("/rooms/{id}/read", room).then()
                .statusCode(200).body("total", equalTo(1)).body("rooms[0].roomId", equalTo(room));
        // Read positions never move back, and never past the last message.
        ChatApi.as(bob).contentType(ContentType.JSON).body(Map.of("seq", 1)).post("/rooms/{id}/read", room).then()
                .body("total", equalTo(1));
        ChatApi.as(bob).contentType(ContentType.JSON).body(Map.of("seq", 999)).post("/rooms/{id}/read", room).then()
                .body("total", equalTo(0));
        send(room, alice, UUID.randomUUID().toString(), "four").then().statusCode(201);
        assertThat(unread(bob)).isEqualTo(1);
    }

    @Test
    void onlyMembersSeePostAndReadAndARoomTheyAreNotInDoesNotExistForThem() {
        String alice = user("alice");
        String mallory = user("mallory");
        String room = room(alice);
        send(room, alice, UUID.randomUUID().toString(), "secret plans").then().statusCode(201);
        send(room, mallory, UUID.randomUUID().toString(), "let me in").then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/room-not-found"));
        ChatApi.as(mallory).get("/rooms/{id}/messages", room).then().statusCode(404);
        ChatApi.as(mallory).get("/rooms/{id}", room).then().statusCode(404);
        ChatApi.as(mallory).put("/rooms/{id}/members/{user}", room, mallory).then().statusCode(404);
        ChatApi.as(mallory).get("/users/{id}/unread", alice).then().statusCode(404);
        // "Creating" someone else's room tells nothing about it either: not its name, creator or members.
        String answer = ChatApi.as(mallory).contentType(ContentType.JSON).body(Map.of("name", "Mine now", "members", List.of()))
                .put("/rooms/{id}", room).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/room-not-found")).extract().asString();
        assertThat(answer).doesNotContain(alice).doesNotContain("members").doesNotContain("createdBy");
        ChatApi.as(alice).get("/rooms/{id}", room).then().statusCode(200).body("members", contains(alice));

        ChatApi.as(alice).put("/rooms/{id}/members/{user}", room, mallory).then().statusCode(201).body("members.size()", is(2));
        ChatApi.as(alice).put("/rooms/{id}/members/{user}", room, mallory).then().statusCode(200);
        send(room, mallory, UUID.randomUUID().toString(), "thanks").then().statusCode(201);
        ChatApi.as(mallory).get("/rooms/{id}/messages", room).then().statusCode(200).body("items.size()", is(2));
    }

    @Test
    void roomCreationIsIdempotentAndChecksMembers() {
        String alice = user("alice");
        String id = "room-" + UUID.randomUUID().toString().substring(0, 8);
        var body = Map.of("name", "Trip", "members", List.of("ghost-1", "ghost-2"));
        ChatApi.as(alice).contentType(ContentType.JSON).body(body).put("/rooms/{id}", id).then()
                .statusCode(422).body("type", equalTo("https://firebreak.dev/problems/unknown-users"))
                .body("userIds", contains("ghost-1", "ghost-2"));
        ChatApi.as(alice).get("/rooms/{id}", id).then().statusCode(404).contentType("application/problem+json");

        var ok = Map.of("name", "Trip", "members", List.of());
        ChatApi.as(alice).contentType(ContentType.JSON).body(ok).put("/rooms/{id}", id).then().statusCode(201);
        ChatApi.as(alice).contentType(ContentType.JSON).body(ok).put("/rooms/{id}", id).then().statusCode(200);
        ChatApi.as(alice).contentType(ContentType.JSON).body(ok).put("/rooms/{id}", "notices.x").then().statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/reserved-room-id"));
    }

    @Test
    void badInputIsAProblem() {
        String alice = user("alice");
        String room = room(alice);
        ChatApi.as(alice).contentType(ContentType.JSON).body("{\"text\":").post("/rooms/{id}/messages", room).then()
                .statusCode(400).contentType("application/problem+json").body("type", equalTo("https://firebreak.dev/problems/malformed-json"));
        ChatApi.as(alice).contentType(ContentType.JSON).body(Map.of("clientMessageId", "x")).post("/rooms/{id}/messages", room).then()
                .statusCode(400).body("violations[0].field", equalTo("text"));
        ChatApi.as(alice).contentType(ContentType.JSON).body(Map.of("clientMessageId", "x", "text", "a".repeat(4001)))
                .post("/rooms/{id}/messages", room).then().statusCode(400);
        send("no-such-room", alice, "x", "hi").then().statusCode(404)
                .body("type", equalTo("https://firebreak.dev/problems/room-not-found"));
        ChatApi.as("nobody-here").get("/users/{id}/unread", "nobody-here").then().statusCode(404);
        ChatApi.as(alice).queryParam("limit", 0).get("/rooms/{id}/messages", room).then().statusCode(400)
                .body("violations[0].field", equalTo("limit"));
        // Names are one line: no line breaks, tabs or bidirectional overrides that make a name read as another.
        for (String name : List.of("Line\nbreak", "Tab\there", "\u202Eevil", "Iso\u2066late")) {
            ChatApi.as(alice).contentType(ContentType.JSON).body(Map.of("displayName", name)).put("/users/{id}", alice).then()
                    .statusCode(400).body("type", equalTo("https://firebreak.dev/problems/validation-failed"))
                    .body("violations[0].field", equalTo("displayName"));
        }
        // Message text may hold line breaks and tabs, and any language or emoji.
        send(room, alice, UUID.randomUUID().toString(), "Line one\n\tline two 測試 🔥").then().statusCode(201)
                .body("text", equalTo("Line one\n\tline two 測試 🔥"));
    }

    @Test
    void noticesLandInTheUsersNoticeRoomOnce() {
        String rider = user("rider");
        var notice = Map.of("userId", rider, "from", "kakao-t", "clientMessageId", "ride-1-completed", "text", "Your ride is complete: 8,300 won");
        var taxi = TestTokens.service(ServiceIdentity.TAXI);
        given().header("Authorization", taxi).contentType(ContentType.JSON).body(notice).post("/notices").then()
                .statusCode(201).body("roomId", equalTo("notices." + rider)).body("kind", equalTo("NOTICE"));
        given().header("Authorization", taxi).contentType(ContentType.JSON).body(notice).post("/notices").then()
                .statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(unread(rider)).isEqualTo(1);

        given().header("Authorization", taxi).contentType(ContentType.JSON)
                .body(Map.of("userId", "ghost", "from", "kakao-t", "clientMessageId", "x", "text", "hi"))
                .post("/notices").then().statusCode(404);
        // A notices service speaks only in its own name; a user cannot send notices at all.
        given().header("Authorization", taxi).contentType(ContentType.JSON)
                .body(Map.of("userId", rider, "from", "kakaopay", "clientMessageId", "y", "text", "Your account is locked"))
                .post("/notices").then().statusCode(403).body("type", equalTo("https://firebreak.dev/problems/notice-not-allowed"));
        ChatApi.as(rider).contentType(ContentType.JSON).body(notice).post("/notices").then().statusCode(403);
        assertThat(unread(rider)).isEqualTo(1);
    }
}
