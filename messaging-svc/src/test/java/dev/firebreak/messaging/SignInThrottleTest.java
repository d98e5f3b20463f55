package dev.firebreak.messaging;

import static dev.firebreak.messaging.ChatApi.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Guessing one account's password is throttled, and costs only that account's sign-in for a while. */
@QuarkusTest
class SignInThrottleTest {

    @Test
    void afterFiveWrongPasswordsTheAccountIsLockedForAWhileEvenForTheRightOne() {
        String victim = ChatApi.user("victim");
        String bystander = ChatApi.user("bystander");
        for (int i = 0; i < 5; i++) {
            signIn(victim, "guess number " + i).statusCode(401).body("type", equalTo("https://firebreak.dev/problems/invalid-credentials"));
        }
        signIn(victim, ChatApi.PASSWORD).statusCode(200); // five free failures; a right password ends the run
        for (int i = 0; i < 6; i++) {
            signIn(victim, "guess number " + i).statusCode(401);
        }
        int retryAfter = Integer.parseInt(signIn(victim, "guess number 7").statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://firebreak.dev/problems/sign-in-locked"))
                .extract().header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 31);
        signIn(victim, ChatApi.PASSWORD).statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // Another account is not touched.
        signIn(bystander, ChatApi.PASSWORD).statusCode(200);
    }
}
