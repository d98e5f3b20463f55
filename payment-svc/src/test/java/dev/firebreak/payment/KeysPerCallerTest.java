package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.balance;
import static dev.firebreak.payment.PaymentApi.funded;
import static dev.firebreak.payment.PaymentApi.newUser;
import static dev.firebreak.payment.PaymentApi.transfer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Idempotency keys belong to whoever sends them: one caller's key never touches, reveals or
 * blocks another's, and no key a user picks can change what a ride charge does.
 */
@QuarkusTest
class KeysPerCallerTest {

    @Test
    void anotherUsersKeyIsANewKeyForMeAndSaysNothingAboutTheirs() {
        String alice = funded("alice", 10_000);
        String bob = funded("bob", 10_000);
        String carol = newUser("carol");
        String key = "pay-carol-" + UUID.randomUUID();

        String alices = transfer(alice, carol, 1_000, key).then().statusCode(201).extract().path("transferId");
        // Bob happens to (or means to) use Alice's key for a different transfer: it is simply his own new key.
        String bobs = transfer(bob, carol, 2_500, key).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("transferId", not(equalTo(alices)))
                .extract().path("transferId");
        assertThat(balance(carol)).isEqualTo(3_500);

        // Each replay returns the caller's own transfer; a misuse of one's own key names one's own transfer only.
        transfer(alice, carol, 1_000, key).then().statusCode(201).header("Idempotent-Replayed", "true").body("transferId", equalTo(alices));
        transfer(bob, carol, 9, key).then().statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/idempotency-key-reused"))
                .body("transferId", equalTo(bobs));
        assertThat(balance(carol)).isEqualTo(3_500);
    }

    @Test
    void aTopUpKeyOfOneUserDoesNotBlockAnothersTopUp() {
        String dave = newUser("dave");
        String erin = newUser("erin");
        PaymentApi.topUp(dave, 500, "topup-1").then().statusCode(201);
        PaymentApi.topUp(erin, 700, "topup-1").then().statusCode(201).body("amount", equalTo(700));
        assertThat(balance(dave)).isEqualTo(500);
        assertThat(balance(erin)).isEqualTo(700);
    }

    @Test
    void aRiderWhoPaysUnderTheRidesKeyCannotChangeWhatTheFareCharges() {
        String rider = funded("rider", 50_000);
        String rideKey = "ride:" + UUID.randomUUID();
        // The squat: the rider pays 1 won to Kakao T under the key taxi-svc will charge the fare with.
        PaymentApi.as(rider).contentType(ContentType.JSON).header("Idempotency-Key", rideKey)
                .body(Map.of("payerId", rider, "merchantId", "kakao-t", "amount", 1, "reference", "squat"))
                .post("/payments").then().statusCode(201);
        // The real fare, charged by taxi-svc under the same key, is charged in full.
        given().header("Authorization", TestTokens.service(ServiceIdentity.TAXI)).contentType(ContentType.JSON)
                .header("Idempotency-Key", rideKey)
                .body(Map.of("payerId", rider, "merchantId", "kakao-t", "amount", 12_300, "reference", "ride"))
                .post("/payments").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue())
                .body("amount", equalTo(12_300));
        assertThat(balance(rider)).isEqualTo(50_000 - 1 - 12_300);
        LedgerAuditAssert.assertLedgerHealthy();
    }
}
