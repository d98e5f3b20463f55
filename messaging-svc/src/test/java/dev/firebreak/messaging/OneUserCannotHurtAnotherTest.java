package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.room;
import static dev.firebreak.messaging.ChatApi.sendMoney;
import static dev.firebreak.messaging.ChatApi.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Money in chat shares payment-svc's breakers among every user: nothing one user sends, and no
 * answer payment-svc gives about one user's request, may open them for the others.
 */
@QuarkusTest
class OneUserCannotHurtAnotherTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    StubServer payment;

    @BeforeEach
    void reset() {
        breakers.resetAll();
        payment = StubServerResource.stub("payment");
        payment.reset();
        StubServer peer = StubServerResource.stub("payment-peer");
        peer.reset();
        peer.restart();
        peer.on("POST", "/transfers", r -> Reply.json(201, transfer()));
    }

    private static String transfer() {
        return "{\"transferId\":\"" + UUID.randomUUID() + "\",\"kind\":\"TRANSFER\",\"amount\":5000,\"currency\":\"KRW\"}";
    }

    private static void assertBreakersClosed() {
        given().get("/ops/circuit-breakers").then().statusCode(200)
                .body("breakers.find { it.name == 'payment' }.state", equalTo("CLOSED"))
                .body("breakers.find { it.name == 'payment-peer' }.state", equalTo("CLOSED"));
    }

    @Test
    void aMemoWithANulIsRefusedHereAndNeverReachesPayments() {
        String mallory = user("mallory");
        String bob = user("bob");
        String room = room(mallory, bob);
        payment.on("POST", "/transfers", r -> Reply.json(201, transfer()));
        for (int i = 0; i < 12; i++) {
            ChatApi.as(mallory).contentType(ContentType.JSON)
                    .body(Map.of("recipientId", bob, "amount", 100, "clientMessageId", "nul-" + i, "memo", "a\u0000b"))
                    .post("/rooms/{id}/money", room).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://firebreak.dev/problems/invalid-text"))
                    .body("field", equalTo("memo")).body("codePoint", equalTo("U+0000"));
        }
        assertThat(payment.received("POST", "/transfers")).isEmpty();
        assertBreakersClosed();
    }

    @Test
    void paymentsAnswersAboutOneUsersRequestsNeverOpenTheBreakersForOthers() {
        String mallory = user("mallory");
        String alice = user("alice");
        String bob = user("bob");
        String malloryRoom = room(mallory, bob);
        String aliceRoom = room(alice, bob);
        // Whatever payment-svc says about Mallory's requests: a bug her input meets, a refusal of it, a row she keeps busy.
        List<Reply> answers = List.of(Reply.problem(500, "internal-error", "A bug met by this request"),
                Reply.problem(400, "invalid-text", "Field 'memo' contains U+0000"),
                Reply.problem(413, "payload-too-large", "Too large"),
                Reply.problem(503, "database-busy", "A row stayed locked").withHeader("X-Firebreak-Busy", "database"));
        for (Reply answer : answers) {
            payment.on("POST", "/transfers", r -> mallory.equals(TestTokens.subject(r.header("Authorization")))
                    ? answer : Reply.json(201, transfer()));
            for (int i = 0; i < 12; i++) {
                var response = sendMoney(malloryRoom, mallory, bob, 100, UUID.randomUUID().toString()).then()
                        .statusCode(answer.status()).contentType("application/problem+json");
                if (answer.status() == 500) {
                    response.body("type", equalTo("https://firebreak.dev/problems/dependency-error"));
                } else {
                    response.body("type", not(containsString("payment-unavailable")));
                }
                if (answer.status() == 503) {
                    response.header("X-Firebreak-Busy", "database").header("Retry-After", "2");
                }
            }
            assertBreakersClosed();
            // Alice's money in chat goes through as ever, in this region.
            sendMoney(aliceRoom, alice, bob, 5_000, UUID.randomUUID().toString()).then().statusCode(201).body("kind", equalTo("MONEY"));
        }
        assertThat(StubServerResource.stub("payment-peer").received("POST", "/transfers"))
                .as("an answer about the request is not an outage: nothing went to the other region").isEmpty();
    }
}
