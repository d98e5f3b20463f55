package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.room;
import static dev.firebreak.messaging.ChatApi.sendMoney;
import static dev.firebreak.messaging.ChatApi.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.firebreak.common.security.CallerConcurrencyLimit;
import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One user's burst holds at most a few requests' worth of what every user shares; the rest is refused at once. */
@QuarkusTest
@TestProfile(PerCallerLimitTest.FourAtOnce.class)
class PerCallerLimitTest {

    /** A limit below the stub's threads, so the test sees the limit and not the stub. */
    public static class FourAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("firebreak.per-caller.max-in-flight", "4");
        }
    }

    @Inject
    CallerConcurrencyLimit limit;

    @Test
    void aUsersBurstBeyondTheLimitIsRefusedAtOnceAndOthersAreServed() throws Exception {
        String mallory = user("mallory");
        String alice = user("alice");
        String bob = user("bob");
        String room = room(mallory, alice, bob);
        CountDownLatch gate = new CountDownLatch(1);
        StubServer payment = StubServerResource.stub("payment");
        payment.reset();
        payment.on("POST", "/transfers", r -> {
            if (mallory.equals(TestTokens.subject(r.header("Authorization")))) {
                try {
                    gate.await(20, TimeUnit.SECONDS); // Mallory's transfers hang until the test lets them go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\",\"kind\":\"TRANSFER\",\"amount\":1,\"currency\":\"KRW\"}");
        });
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Integer>> burst = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                burst.add(CompletableFuture.supplyAsync(() -> sendMoney(room, mallory, bob, 1, UUID.randomUUID().toString()).statusCode(),
                        clients));
            }
            // Six are refused at once, while four hang in payment-svc.
            await().atMost(Duration.ofSeconds(20)).until(() -> burst.stream().filter(CompletableFuture::isDone).count() == 6);
            assertThat(burst.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)).containsOnly(429);
            assertThat(limit.inFlight(mallory)).isEqualTo(4);
            // Alice is served meanwhile.
            sendMoney(room, alice, bob, 5_000, UUID.randomUUID().toString()).then().statusCode(201).body("kind", equalTo("MONEY"));
            ChatApi.as(mallory).get("/users/{id}/unread", mallory).then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", "1")
                    .body("type", equalTo("https://firebreak.dev/problems/too-many-requests"));

            gate.countDown();
            assertThat(burst.stream().map(CompletableFuture::join).filter(s -> s == 201)).hasSize(4);
            await().atMost(Duration.ofSeconds(5)).until(() -> limit.inFlight(mallory) == 0);
            ChatApi.as(mallory).get("/users/{id}/unread", mallory).then().statusCode(200);
        } finally {
            gate.countDown();
            clients.shutdownNow();
        }
    }
}
