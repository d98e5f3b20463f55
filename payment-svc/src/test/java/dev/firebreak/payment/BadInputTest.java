package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.balance;
import static dev.firebreak.payment.PaymentApi.funded;
import static dev.firebreak.payment.PaymentApi.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.firebreak.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input is a problem+json 4xx with a stable type, and moves no money. */
@QuarkusTest
class BadInputTest {

    private static ValidatableResponse postTransfer(String body) {
        return PaymentApi.as("a").contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/transfers").then();
    }

    private static void assertProblem(ValidatableResponse r, int status, String type) {
        r.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/" + type))
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body("detail", not(containsString("Exception")))
                .body("detail", not(containsString("java.")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON          | {\"toUserId\": \"b\",                         | malformed-json",
            "not an object           | [1,2,3]                                        | malformed-json",
            "trailing garbage        | {\"toUserId\":\"b\",\"amount\":1} x | malformed-json",
            "missing amount          | {\"toUserId\":\"b\"}            | validation-failed",
            "negative amount         | {\"toUserId\":\"b\",\"amount\":-5} | validation-failed",
            "zero amount             | {\"toUserId\":\"b\",\"amount\":0}  | validation-failed",
            "fractional amount       | {\"toUserId\":\"b\",\"amount\":12.5} | invalid-field",
            "amount as a string      | {\"toUserId\":\"b\",\"amount\":\"100\"} | invalid-field",
            "overflowing amount      | {\"toUserId\":\"b\",\"amount\":99999999999999999999999} | invalid-field",
            "unknown field           | {\"toUserId\":\"b\",\"amount\":1,\"ammount\":2} | unknown-field",
            "duplicated key          | {\"toUserId\":\"b\",\"amount\":1,\"amount\":900} | malformed-json",
            "id with SQL in it       | {\"toUserId\":\"b'; DROP TABLE account;--\",\"amount\":1} | validation-failed",
            "id with a path in it    | {\"toUserId\":\"../../etc\",\"amount\":1} | validation-failed",
    })
    void malformedTransferBodiesAreProblems(String name, String body, String type) {
        assertProblem(postTransfer(body), 400, type);
    }

    @Test
    void validationProblemNamesTheField() {
        postTransfer("{\"toUserId\":\"b\",\"amount\":-5}")
                .body("violations[0].field", equalTo("amount"))
                .body("detail", containsString("amount"));
    }

    @Test
    void missingBodyIsAProblem() {
        assertProblem(PaymentApi.as("a").contentType(ContentType.JSON).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .post("/transfers").then(), 400, "validation-failed");
    }

    @Test
    void missingIdempotencyKeyIsAProblemAndMovesNothing() {
        String alice = funded("alice", 1_000);
        String bob = newUser("bob");
        assertProblem(PaymentApi.as(alice).contentType(ContentType.JSON)
                .body("{\"toUserId\":\"" + bob + "\",\"amount\":10}")
                .post("/transfers").then(), 400, "idempotency-key-required");
        assertThat(balance(alice)).isEqualTo(1_000);
    }

    @Test
    void wrongContentTypeIsAProblem() {
        assertProblem(PaymentApi.as("a").contentType(ContentType.TEXT).header("Idempotency-Key", "k")
                .body("amount=5").post("/transfers").then(), 415, "unsupported-media-type");
    }

    @Test
    void unknownPathAndBadPathIdsAreProblems() {
        assertProblem(PaymentApi.as("a").get("/no/such/thing").then(), 404, "not-found");
        assertProblem(PaymentApi.as("a").get("/transfers/not-a-uuid").then(), 404, "not-found");
        assertProblem(PaymentApi.as("a").get("/wallets/{id}", "bad id with spaces").then(), 400, "validation-failed");
    }

    @Test
    void badQueryParametersAreProblems() {
        String id = newUser("hal");
        assertProblem(PaymentApi.as(id).queryParam("limit", 0).get("/wallets/{id}/transactions", id).then(), 400, "validation-failed");
        assertProblem(PaymentApi.as(id).queryParam("limit", 101).get("/wallets/{id}/transactions", id).then(), 400, "validation-failed");
    }

    @Test
    void selfTransferIsRefused() {
        String alice = funded("alice", 1_000);
        assertProblem(PaymentApi.transfer(alice, alice, 10, UUID.randomUUID().toString()).then(), 422, "same-wallet");
        assertThat(balance(alice)).isEqualTo(1_000);
    }

    @TestHTTPResource("/transfers")
    URI transfers;

    /** A body sent chunked, with no Content-Length: the service learns its size only while reading it. */
    private HttpResponse<String> postChunked(String userId, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(transfers)
                .header("Authorization", TestTokens.user(userId))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oversizedChunkedBodyIsRefusedWithAProblemToo() throws Exception {
        String alice = funded("alice", 1_000);
        String huge = "{\"toUserId\":\"b\",\"amount\":1,\"memo\":\"" + "x".repeat(100_000) + "\"}";
        HttpResponse<String> r = postChunked(alice, huge);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"type\":\"https://firebreak.dev/problems/payload-too-large\"", "\"maxBytes\":65536");
        assertThat(balance(alice)).isEqualTo(1_000);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() throws Exception {
        String alice = funded("alice", 1_000);
        String bob = newUser("bob");
        HttpResponse<String> r = postChunked(alice, "{\"toUserId\":\"" + bob + "\",\"amount\":300,\"memo\":\"" + "y".repeat(200) + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(balance(alice)).isEqualTo(700);
        assertThat(balance(bob)).isEqualTo(300);
    }

    @Test
    void oversizedBodyIsRefused() {
        String huge = "{\"toUserId\":\"b\",\"amount\":1,\"memo\":\"" + "x".repeat(100_000) + "\"}";
        assertProblem(postTransfer(huge), 413, "payload-too-large");
        postTransfer(huge).body("maxBytes", equalTo(65536));
    }
}
