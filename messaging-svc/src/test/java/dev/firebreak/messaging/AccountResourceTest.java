package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.firebreak.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void signUpThenSignInGivesATokenTheServicesAccept() {
        String alice = ChatApi.user("alice");
        String token = signIn(alice, ChatApi.PASSWORD).statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("userId", equalTo(alice))
                .body("accessToken", notNullValue())
                .extract().path("accessToken");

        assertThat(TestTokens.claims(token)).contains("\"sub\":\"" + alice + "\"").contains("\"aud\":\"firebreak\"").contains("\"user\"")
                .doesNotContain("admin");
        given().header("Authorization", "Bearer " + token).get("/users/{id}/unread", alice).then().statusCode(200);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        String alice = ChatApi.user("alice");
        signIn(alice, "not the password").statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/invalid-credentials"));
        signIn("nobody-" + UUID.randomUUID().toString().substring(0, 8), ChatApi.PASSWORD).statusCode(401)
                .body("type", equalTo("https://firebreak.dev/problems/invalid-credentials"));
        signIn("kakao-t", ChatApi.PASSWORD).statusCode(401); // system senders have no credential
    }

    @Test
    void takenIdsAndWeakPasswordsAreRefused() {
        String alice = ChatApi.user("alice");
        given().contentType(ContentType.JSON).body(Map.of("userId", alice, "displayName", "Imposter", "password", "another password"))
                .post("/accounts").then().statusCode(409).body("type", equalTo("https://firebreak.dev/problems/account-exists"));
        given().contentType(ContentType.JSON).body(Map.of("userId", "bob-" + UUID.randomUUID().toString().substring(0, 6),
                "displayName", "Bob", "password", "short")).post("/accounts").then()
                .statusCode(400).body("violations[0].field", equalTo("password"));
        given().contentType(ContentType.JSON).body(Map.of("userId", "carol-x", "displayName", "Carol", "password", "ü".repeat(40)))
                .post("/accounts").then().statusCode(400).body("type", equalTo("https://firebreak.dev/problems/password-too-long"));
        signIn(alice, ChatApi.PASSWORD).statusCode(200);
    }

    @Test
    void configuredAdminsGetTheAdminRoleAtSignIn() {
        given().contentType(ContentType.JSON).body(Map.of("userId", "ops-admin", "displayName", "Ops", "password", ChatApi.PASSWORD))
                .post("/accounts").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(409)));
        String token = signIn("ops-admin", ChatApi.PASSWORD).statusCode(200).extract().path("accessToken");
        assertThat(TestTokens.claims(token)).contains("\"admin\"");
    }

    @Test
    void everyOtherEndpointWantsAValidToken() {
        String alice = ChatApi.user("alice");
        given().get("/users/{id}/unread", alice).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        for (String bad : new String[] {TestTokens.expired(alice), TestTokens.wronglySigned(alice), TestTokens.wrongAudience(alice),
                TestTokens.unsigned(alice), TestTokens.tampered("mallory", alice)}) {
            given().header("Authorization", bad).get("/users/{id}/unread", alice).then().statusCode(401)
                    .body("type", equalTo("https://firebreak.dev/problems/unauthenticated"));
        }
    }
}
