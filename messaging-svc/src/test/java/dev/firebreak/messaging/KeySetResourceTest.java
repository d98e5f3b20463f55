package dev.firebreak.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import dev.firebreak.identity.KeySet;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The issuer publishes its keys with their ids, and during a rotation (the services under test
 * trust the signing key and the next one) tokens of either key are accepted, and tokens of no
 * published key are not.
 */
@QuarkusTest
class KeySetResourceTest {

    @Test
    void publishesEveryTrustedKeyWithItsKidAndSignsWithOneOfThem() {
        String json = given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json")
                .body("keys", hasSize(2))
                .extract().asString();
        List<String> published = KeySet.parse(json).keyIds();
        assertThat(published).isEqualTo(TestTokens.publishedKeys().keyIds());

        String alice = ChatApi.user("alice");
        String token = given().contentType(ContentType.JSON).body(Map.of("userId", alice, "password", ChatApi.PASSWORD))
                .post("/sessions").then().statusCode(200).extract().path("accessToken");
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"kid\":\"" + published.get(0) + "\"");
    }

    @Test
    void tokensOfTheNextKeyAreAcceptedAndTokensOfAnUnpublishedKeyAreNot() {
        String alice = ChatApi.user("alice");
        given().header("Authorization", TestTokens.userSignedWithNextKey(alice)).get("/users/{id}/unread", alice).then().statusCode(200);
        given().header("Authorization", TestTokens.user(alice)).get("/users/{id}/unread", alice).then().statusCode(200);
        given().header("Authorization", TestTokens.wronglySigned(alice)).get("/users/{id}/unread", alice).then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
    }
}
