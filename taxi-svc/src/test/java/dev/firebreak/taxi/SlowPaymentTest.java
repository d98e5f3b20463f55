package dev.firebreak.taxi;

import static dev.firebreak.taxi.TaxiApi.act;
import static dev.firebreak.taxi.TaxiApi.driverAt;
import static dev.firebreak.taxi.TaxiApi.request;
import static dev.firebreak.taxi.TaxiApi.somewhere;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A slow payment-svc (its commits wait on a far standby) does not make the driver wait: completing
 * a ride answers after {@code taxi.outbox.answer-wait} with the charge PENDING, and the charge,
 * already under way, settles by itself without the outbox schedule.
 */
@QuarkusTest
@TestProfile(SlowPaymentTest.ShortAnswerWait.class)
class SlowPaymentTest {

    public static class ShortAnswerWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("taxi.outbox.answer-wait", "200ms");
        }
    }

    final CountDownLatch paymentAnswers = new CountDownLatch(1);
    StubServer payment;

    @BeforeEach
    void slowPayment() {
        payment = StubServerResource.stub("payment");
        payment.reset();
        payment.restart();
        payment.on("POST", "/payments", r -> {
            try {
                paymentAnswers.await(900, TimeUnit.MILLISECONDS); // under the client's read timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}");
        });
        StubServer messaging = StubServerResource.stub("messaging");
        messaging.reset();
        messaging.restart();
        messaging.on("POST", "/notices", r -> Reply.json(201, "{}"));
        for (String peer : List.of("payment-peer", "messaging-peer")) {
            StubServerResource.stub(peer).reset();
            StubServerResource.stub(peer).stop();
        }
    }

    @AfterEach
    void release() {
        paymentAnswers.countDown();
    }

    @Test
    void completingARideDoesNotWaitForASlowChargeWhichSettlesInTheBackground() {
        double[] here = somewhere();
        String driver = driverAt(here[0], here[1]);
        String rider = "rider-" + UUID.randomUUID().toString().substring(0, 6);
        String rideId = request(rider, here[0], here[1], UUID.randomUUID().toString()).then().statusCode(201)
                .body("status", equalTo("MATCHED")).extract().path("rideId");
        act(rideId, "pickup", driver).then().statusCode(200);

        act(rideId, "complete", driver).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("charge.status", equalTo("PENDING"));
        assertThat(payment.received("POST", "/payments")).as("the charge was under way when the driver got the answer").hasSize(1);
        paymentAnswers.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> TaxiApi.as(rider).get("/rides/{id}", rideId).then()
                .body("charge.status", equalTo("SETTLED")));
        assertThat(payment.received("POST", "/payments")).as("charged once").hasSize(1);
    }
}
