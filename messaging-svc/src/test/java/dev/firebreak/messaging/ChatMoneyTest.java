package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.room;
import static dev.firebreak.messaging.ChatApi.sendMoney;
import static dev.firebreak.messaging.ChatApi.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Send money in chat" against a stub payment-svc that can accept, refuse, or be down. */
@QuarkusTest
class ChatMoneyTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    StubServer payment;

    @BeforeEach
    void reset() {
        breakers.resetAll();
        payment = StubServerResource.stub("payment");
        payment.reset();
        payment.on("POST", "/transfers", r -> Reply.json(201,
                "{\"transferId\":\"" + UUID.randomUUID() + "\",\"kind\":\"TRANSFER\",\"amount\":5000,\"currency\":\"KRW\"}"));
        StubServerResource.stub("payment-peer").reset();
        StubServerResource.stub("payment-peer").stop(); // the other region is away unless a test brings it back
    }

    @Test
    void whenThisRegionsPaymentIsDownTheMoneyGoesThroughThePeerRegionOnce() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        payment.stop();
        StubServer peer = StubServerResource.stub("payment-peer");
        peer.restart();
        peer.on("POST", "/transfers", r -> Reply.json(201,
                "{\"transferId\":\"" + UUID.randomUUID() + "\",\"kind\":\"TRANSFER\",\"amount\":5000,\"currency\":\"KRW\"}"));
        String clientId = UUID.randomUUID().toString();

        sendMoney(room, alice, bob, 5_000, clientId).then().statusCode(201).body("kind", equalTo("MONEY"));
        sendMoney(room, alice, bob, 5_000, clientId).then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(peer.received("POST", "/transfers")).singleElement().satisfies(call -> {
            assertThat(call.header("Idempotency-Key")).startsWith("chat:");
            assertThat(TestTokens.subject(call.header("Authorization"))).as("the sender's own token, in the other region too")
                    .isEqualTo(alice);
        });
    }

    @Test
    void sendsMoneyThroughPaymentAndPostsItOnce() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        String clientId = UUID.randomUUID().toString();

        sendMoney(room, alice, bob, 5_000, clientId).then()
                .statusCode(201)
                .body("kind", equalTo("MONEY"))
                .body("amount", equalTo(5_000))
                .body("transferId", notNullValue())
                .body("text", equalTo("Sent 5,000 won to " + bob));
        sendMoney(room, alice, bob, 5_000, clientId).then().statusCode(201).header("Idempotent-Replayed", "true");

        var calls = payment.received("POST", "/transfers");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).header("Idempotency-Key")).startsWith("chat:");
        assertThat(calls.get(0).body()).contains("\"toUserId\":\"" + bob + "\"").contains("\"amount\":5000");
        // payment-svc decides whose money moves from the sender's own token, forwarded unchanged.
        assertThat(calls.get(0).header("Authorization")).startsWith("Bearer ");
        assertThat(TestTokens.subject(calls.get(0).header("Authorization"))).isEqualTo(alice);
    }

    @Test
    void passesOnARefusalWithoutOpeningTheBreaker() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        payment.on("POST", "/transfers", r -> Reply.problem(409, "insufficient-funds", "Wallet holds 10 won"));

        for (int i = 0; i < 12; i++) {
            sendMoney(room, alice, bob, 5_000, UUID.randomUUID().toString()).then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://firebreak.dev/problems/insufficient-funds"))
                    .body("detail", equalTo("Wallet holds 10 won"));
        }
        given().get("/ops/circuit-breakers").then().body("breakers.find { it.name == 'payment' }.state", equalTo("CLOSED"));
        assertThat(payment.received("POST", "/transfers")).as("refusals are not retried").hasSize(12);
        ChatApi.as(alice).get("/rooms/{id}/messages", room).then().body("items.size()", equalTo(0));
    }

    @Test
    void refusesClearlyWhilePaymentIsDownThenRecovers() {
        String alice = user("alice");
        String bob = user("bob");
        String room = room(alice, bob);
        payment.stop();

        for (int i = 0; i < 5; i++) {
            sendMoney(room, alice, bob, 1_000, UUID.randomUUID().toString()).then()
                    .statusCode(503)
                    .header("Retry-After", notNullValue())
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://firebreak.dev/problems/payment-unavailable"));
        }
        given().get("/ops/circuit-breakers").then()
                .body("breakers.find { it.name == 'payment' }.state", anyOf(equalTo("OPEN"), equalTo("HALF_OPEN")));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ft_circuitbreaker_state_current{"))
                .body(matchesPattern("(?s).*ft_circuitbreaker_opened_total\\{[^}]*PaymentClient.transfer[^}]*\\} [1-9].*"));
        given().get("/q/health/ready").then().statusCode(200);
        ChatApi.as(alice).get("/rooms/{id}/messages", room).then().body("items.size()", equalTo(0));

        payment.restart();
        String clientId = UUID.randomUUID().toString();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                sendMoney(room, alice, bob, 1_000, clientId).then().statusCode(201));
        given().get("/ops/circuit-breakers").then().body("breakers.find { it.name == 'payment' }.state", equalTo("HALF_OPEN"));
    }

    @Test
    void onlySendsToMembersOfTheRoom() {
        String alice = user("alice");
        String bob = user("bob");
        String outsider = user("outsider");
        String room = room(alice, bob);
        sendMoney(room, alice, outsider, 1_000, UUID.randomUUID().toString()).then()
                .statusCode(422).body("type", equalTo("https://firebreak.dev/problems/recipient-not-in-room"));
        sendMoney(room, alice, alice, 1_000, UUID.randomUUID().toString()).then()
                .statusCode(422).body("type", equalTo("https://firebreak.dev/problems/same-wallet"));
        assertThat(payment.received()).isEmpty();
    }
}
