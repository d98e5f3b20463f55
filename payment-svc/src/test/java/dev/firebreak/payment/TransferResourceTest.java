package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.balance;
import static dev.firebreak.payment.PaymentApi.funded;
import static dev.firebreak.payment.PaymentApi.newUser;
import static dev.firebreak.payment.PaymentApi.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransferResourceTest {

    @Test
    void transferMovesMoneyAndRecordsTwoEntries() {
        String alice = funded("alice", 50_000);
        String bob = newUser("bob");

        transfer(alice, bob, 12_000, UUID.randomUUID().toString()).then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .body("kind", equalTo("TRANSFER"))
                .body("from", equalTo(alice))
                .body("to", equalTo(bob))
                .body("amount", equalTo(12_000));

        assertThat(balance(alice)).isEqualTo(38_000);
        assertThat(balance(bob)).isEqualTo(12_000);
        PaymentApi.as(bob).get("/wallets/{id}/transactions", bob).then()
                .statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].amount", equalTo(12_000))
                .body("items[0].balanceAfter", equalTo(12_000))
                .body("items[0].counterparty", equalTo(alice));
    }

    @Test
    void refusesTransferThatWouldOverdrawAndChangesNothing() {
        String alice = funded("alice", 1_000);
        String bob = newUser("bob");
        String key = UUID.randomUUID().toString();

        transfer(alice, bob, 1_001, key).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/insufficient-funds"))
                .body("balance", equalTo(1_000))
                .body("amount", equalTo(1_001));

        assertThat(balance(alice)).isEqualTo(1_000);
        assertThat(balance(bob)).isZero();
        // The refused request did not consume its key: once funded, the same key goes through.
        PaymentApi.topUp(alice, 1, UUID.randomUUID().toString()).then().statusCode(201);
        transfer(alice, bob, 1_001, key).then().statusCode(201);
        assertThat(balance(bob)).isEqualTo(1_001);
    }

    @Test
    void replayedIdempotencyKeyMovesMoneyOnceAndReturnsTheOriginalTransfer() {
        String alice = funded("alice", 10_000);
        String bob = newUser("bob");
        String key = UUID.randomUUID().toString();

        String first = transfer(alice, bob, 3_000, key).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .extract().path("transferId");
        String second = transfer(alice, bob, 3_000, key).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .extract().path("transferId");

        assertThat(second).isEqualTo(first);
        assertThat(balance(alice)).isEqualTo(7_000);
        assertThat(balance(bob)).isEqualTo(3_000);
    }

    @Test
    void refusesAKeyReusedForADifferentRequest() {
        String alice = funded("alice", 10_000);
        String bob = newUser("bob");
        String key = UUID.randomUUID().toString();
        transfer(alice, bob, 3_000, key).then().statusCode(201);

        transfer(alice, bob, 4_000, key).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/idempotency-key-reused"));
        assertThat(balance(alice)).isEqualTo(7_000);
    }

    @Test
    void concurrentTransfersCannotOverdraw() throws Exception {
        String alice = funded("alice", 10_000);
        String bob = newUser("bob");
        String carol = newUser("carol");

        // 24 transfers of 1,000 race for 10,000: exactly ten may succeed, in either direction.
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String to = i % 2 == 0 ? bob : carol;
            calls.add(() -> transfer(alice, to, 1_000, UUID.randomUUID().toString()).then().extract().statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(calls)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(10);
        assertThat(balance(alice)).isZero();
        assertThat(balance(bob) + balance(carol)).isEqualTo(10_000);
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void concurrentRetriesOfOneKeyMoveMoneyOnce() throws Exception {
        String alice = funded("alice", 10_000);
        String bob = newUser("bob");
        String key = UUID.randomUUID().toString();

        List<Callable<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(() -> transfer(alice, bob, 2_500, key).then().statusCode(201).extract().path("transferId"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> ids = new ArrayList<>();
        for (Future<String> f : pool.invokeAll(calls)) {
            ids.add(f.get());
        }
        pool.shutdown();

        assertThat(ids).hasSize(8).containsOnly(ids.get(0));
        assertThat(balance(bob)).isEqualTo(2_500);
    }

    @Test
    void paysAMerchantAndRefusesAnUnknownOne() {
        String rider = funded("rider", 20_000);
        PaymentApi.as(rider).contentType(ContentType.JSON).header("Idempotency-Key", "shop-" + UUID.randomUUID())
                .body(Map.of("payerId", rider, "merchantId", "kakao-t", "amount", 8_300, "reference", "ride 42"))
                .post("/payments").then()
                .statusCode(201)
                .body("kind", equalTo("PAYMENT"))
                .body("to", equalTo("kakao-t"));
        assertThat(balance(rider)).isEqualTo(11_700);

        PaymentApi.as(rider).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("payerId", rider, "merchantId", "no-such-shop", "amount", 100, "reference", "x"))
                .post("/payments").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/merchant-not-found"));
    }

    @Test
    void showsATransferById() {
        String alice = funded("alice", 5_000);
        String bob = newUser("bob");
        String id = transfer(alice, bob, 500, UUID.randomUUID().toString()).then().extract().path("transferId");
        PaymentApi.as(alice).get("/transfers/{id}", id).then().statusCode(200).body("amount", equalTo(500));
        PaymentApi.as(bob).get("/transfers/{id}", id).then().statusCode(200);
        PaymentApi.as("carol").get("/transfers/{id}", id).then().statusCode(404);
        PaymentApi.as(alice).get("/transfers/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
    }
}
