package dev.firebreak.edge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.firebreak.testing.JwtTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * HAProxy-style maxconn: with one request in flight to a service, the next waits in the edge and,
 * when the first does not finish within the route's timeout, is answered 503 region-busy without
 * ever reaching the service; the region stays in rotation.
 */
@QuarkusTest
@TestProfile(EdgeQueueTest.OneConnection.class)
@QuarkusTestResource(RegionStubs.class)
@QuarkusTestResource(JwtTestResource.class)
class EdgeQueueTest {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edge.max-connections", "1");
        }
    }

    @Test
    void aRequestThatFindsEveryConnectionBusyWaitsThenIsRefusedWithoutBeingSent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // The stub stands for every service of region-a at one address: one pool, one connection.
        RegionStubs.regionA.on("GET", "/api/hold", RegionStubs.heldUntil(release));
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            // status's route waits 1.5 s, longer than payments' 0.8 s: the held request outlasts the queued one.
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> given().get("/status/api/hold").statusCode(), clients);
            org.awaitility.Awaitility.await().until(() -> RegionStubs.regionA.received("GET", "/api/hold").size() == 1);

            given().contentType(ContentType.JSON).header("Idempotency-Key", "queue-2").body("{}").post("/payments/transfers").then()
                    .statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo("https://firebreak.dev/problems/region-busy")).body("title", equalTo("The region is busy"))
                    .body("outcomeUnknown", equalTo(false))
                    .body("detail", containsString("not sent anywhere"));
            assertThat(RegionStubs.regionA.received("POST", "/transfers")).as("it never reached the service").isEmpty();
            assertThat(RegionStubs.regionB.received("POST", "/transfers")).as("nor the other region").isEmpty();
            given().get("/edge/regions").then().body("serving.'payment-svc'", equalTo("region-a"));

            release.countDown();
            first.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }
}
