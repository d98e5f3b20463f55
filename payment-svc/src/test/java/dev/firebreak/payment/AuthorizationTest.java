package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.as;
import static dev.firebreak.payment.PaymentApi.balance;
import static dev.firebreak.payment.PaymentApi.funded;
import static dev.firebreak.payment.PaymentApi.newUser;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.firebreak.common.security.VerifiedTokens;
import dev.firebreak.identity.Roles;
import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who may see and move which money. */
@QuarkusTest
class AuthorizationTest {

    @Inject
    JWTParser tokenParser;

    private static ValidatableResponse chargeAs(String bearer, String payer, String merchant, long amount, String key) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("payerId", payer, "merchantId", merchant, "amount", amount, "reference", "ride"))
                .post("/payments").then();
    }

    @Test
    void aUserCannotSeeOrSpendAnotherUsersWallet() {
        String alice = funded("alice", 10_000);
        String mallory = newUser("mallory");

        as(mallory).get("/wallets/{id}", alice).then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/wallet-not-found"));
        as(mallory).get("/wallets/{id}/transactions", alice).then().statusCode(404);
        as(mallory).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", 100)).post("/wallets/{id}/top-ups", alice).then().statusCode(404);
        // The sender is the token's subject; a body naming someone else's wallet is refused outright.
        as(mallory).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("fromUserId", alice, "toUserId", mallory, "amount", 5_000)).post("/transfers").then()
                .statusCode(400).body("type", equalTo("https://firebreak.dev/problems/unknown-field"));
        chargeAs(TestTokens.user(mallory), alice, "kakao-t", 5_000, UUID.randomUUID().toString()).statusCode(404);

        assertThat(balance(alice)).isEqualTo(10_000);
        assertThat(balance(mallory)).isZero();
    }

    @Test
    void bearerTokensAreVerifiedThroughThePodsCacheOfVerifiedTokens() {
        assertThat(tokenParser).isInstanceOf(VerifiedTokens.class);
        String alice = funded("alice", 1_000);
        as(alice).get("/wallets/{id}", alice).then().statusCode(200);
        as(alice).get("/wallets/{id}", alice).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "expired", "wronglySigned", "wrongAudience", "wrongIssuer", "unsigned", "tampered", "garbage"})
    void badTokensAre401(String kind) {
        String alice = funded("alice", 1_000);
        String bearer = switch (kind) {
            case "expired" -> TestTokens.expired(alice);
            case "wronglySigned" -> TestTokens.wronglySigned(alice);
            case "wrongAudience" -> TestTokens.wrongAudience(alice);
            case "wrongIssuer" -> TestTokens.wrongIssuer(alice);
            case "unsigned" -> TestTokens.unsigned(alice);
            case "tampered" -> TestTokens.tampered("mallory", alice);
            case "garbage" -> "Bearer not.a.jwt";
            default -> null;
        };
        var request = given();
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        request.get("/wallets/{id}", alice).then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://firebreak.dev/problems/unauthenticated"));
        assertThat(balance(alice)).isEqualTo(1_000);
    }

    @Test
    void taxisServiceTokenChargesRidesToItsOwnMerchantOnly() {
        String rider = funded("rider", 50_000);
        String taxi = TestTokens.service(ServiceIdentity.TAXI);

        chargeAs(taxi, rider, "kakao-t", 8_300, "ride:" + UUID.randomUUID()).statusCode(201);
        assertThat(balance(rider)).isEqualTo(41_700);

        chargeAs(taxi, rider, "other-shop", 100, "ride:" + UUID.randomUUID()).statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("https://firebreak.dev/problems/charge-not-allowed"));
        chargeAs(taxi, rider, "kakao-t", 100, "shopping-" + UUID.randomUUID()).statusCode(403);
        chargeAs(taxi, rider, "kakao-t", 300_001, "ride:" + UUID.randomUUID()).statusCode(422)
                .body("type", equalTo("https://firebreak.dev/problems/fare-too-large"));
        assertThat(balance(rider)).isEqualTo(41_700);
    }

    @Test
    void aServiceTokenCannotActOutsideItsRole() {
        String rider = funded("rider", 50_000);
        String victim = newUser("victim");
        String taxi = TestTokens.service(ServiceIdentity.TAXI);

        given().header("Authorization", taxi).contentType(ContentType.JSON).header("Idempotency-Key", "ride:" + UUID.randomUUID())
                .body(Map.of("toUserId", victim, "amount", 1_000)).post("/transfers").then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo("https://firebreak.dev/problems/forbidden"));
        given().header("Authorization", taxi).get("/wallets/{id}", rider).then().statusCode(403);
        given().header("Authorization", taxi).get("/ledger/audit").then().statusCode(403);
        given().header("Authorization", taxi).put("/wallets/{id}", "taxi-svc").then().statusCode(403);
        // A service token without the charging role cannot charge, whatever merchant it claims.
        String notifier = TestTokens.service("taxi-svc", Set.of(Roles.SERVICE, Roles.SEND_NOTICES), Map.of(Roles.MERCHANT_CLAIM, "kakao-t"));
        chargeAs(notifier, rider, "kakao-t", 100, "ride:" + UUID.randomUUID()).statusCode(403);
        assertThat(balance(rider)).isEqualTo(50_000);
        assertThat(balance(victim)).isZero();
    }

    @Test
    void onlyAdminsAuditAndAdminsMoveNoMoney() {
        String alice = funded("alice", 1_000);
        as(alice).get("/ledger/audit").then().statusCode(403).contentType("application/problem+json");
        PaymentApi.asAdmin().get("/ledger/audit").then().statusCode(200).body("healthy", equalTo(true));
        PaymentApi.asAdmin().get("/wallets/{id}", alice).then().statusCode(200).body("balance", equalTo(1_000));
        PaymentApi.asAdmin().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("toUserId", alice, "amount", 1)).post("/transfers").then().statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoTokenAndShowNoSecrets() {
        String health = given().get("/q/health").then().statusCode(200).extract().asString();
        assertThat(health).doesNotContainIgnoringCase("password").doesNotContain("BEGIN");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContainIgnoringCase("password").doesNotContain("BEGIN PRIVATE");
        given().get("/ops/circuit-breakers").then().statusCode(200);
    }
}
