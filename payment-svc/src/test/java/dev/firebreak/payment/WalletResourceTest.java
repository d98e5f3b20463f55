package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.funded;
import static dev.firebreak.payment.PaymentApi.newUser;
import static dev.firebreak.payment.PaymentApi.topUp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WalletResourceTest {

    @Test
    void opensAWalletOnceAndReturnsItThereafter() {
        String id = "dora-" + UUID.randomUUID().toString().substring(0, 8);
        PaymentApi.as(id).put("/wallets/{id}", id).then().statusCode(201).header("Location", notNullValue())
                .body("userId", equalTo(id)).body("balance", equalTo(0)).body("currency", equalTo("KRW"));
        PaymentApi.as(id).put("/wallets/{id}", id).then().statusCode(200).body("userId", equalTo(id));
    }

    @Test
    void topUpIsIdempotentByKey() {
        String id = newUser("erin");
        String key = UUID.randomUUID().toString();
        topUp(id, 7_000, key).then().statusCode(201).body("kind", equalTo("TOP_UP")).body("from", equalTo("top-up"));
        topUp(id, 7_000, key).then().statusCode(201).header("Idempotent-Replayed", "true");
        PaymentApi.as(id).get("/wallets/{id}", id).then().body("balance", equalTo(7_000));
    }

    @Test
    void pagesHistoryNewestFirstWithACursor() {
        String id = newUser("fay");
        for (int i = 1; i <= 5; i++) {
            topUp(id, i * 100, UUID.randomUUID().toString()).then().statusCode(201);
        }
        var page1 = PaymentApi.as(id).queryParam("limit", 2).get("/wallets/{id}/transactions", id).then().statusCode(200)
                .body("items.size()", is(2))
                .body("items[0].amount", equalTo(500))
                .body("items[1].amount", equalTo(400))
                .extract().jsonPath();
        String cursor = page1.getString("nextCursor");
        var page2 = PaymentApi.as(id).queryParam("limit", 2).queryParam("before", cursor).get("/wallets/{id}/transactions", id).then()
                .body("items[0].amount", equalTo(300))
                .body("items[1].amount", equalTo(200))
                .extract().jsonPath();
        PaymentApi.as(id).queryParam("limit", 2).queryParam("before", page2.getString("nextCursor")).get("/wallets/{id}/transactions", id).then()
                .body("items.size()", is(1))
                .body("items[0].amount", equalTo(100))
                .body("items[0].balanceAfter", equalTo(100))
                .body("nextCursor", nullValue());
    }

    @Test
    void unknownWalletIsAProblem404() {
        String nobody = "nobody-" + UUID.randomUUID();
        PaymentApi.as(nobody).get("/wallets/{id}", nobody).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/wallet-not-found"))
                .body("status", equalTo(404));
        topUp("ghost-" + UUID.randomUUID().toString().substring(0, 8), 100, UUID.randomUUID().toString()).then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void refusesAmountsAboveTheConfiguredMaximum() {
        String id = funded("gil", 1);
        topUp(id, 100_000_001, UUID.randomUUID().toString()).then()
                .statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/amount-too-large"))
                .body("maxAmount", equalTo(100_000_000));
    }
}
