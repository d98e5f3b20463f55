package dev.firebreak.status;

import static dev.firebreak.status.StatusTargetsResource.EDGE;
import static dev.firebreak.status.StatusTargetsResource.PAY_A;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.status.service.StatusPoller;
import dev.firebreak.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page as users and engineers see it: server-rendered HTML, the JSON behind it, and the live stream. */
@QuarkusTest
@QuarkusTestResource(StatusTargetsResource.class)
class StatusPageTest {

    private static final String REGION_LOST = """
            {"seq":1,"time":"%s","kind":"REGION_LOST","region":"region-a","service":null,"detail":"region-a unreachable from the witness and from region-b for 1000 ms"}""";
    private static final String PROMOTED = """
            {"seq":2,"time":"%s","kind":"PROMOTED","region":"region-b","service":"postgres","detail":"pg_promote() returned in 412 ms"}""";

    @Inject
    StatusPoller poller;

    @Inject
    CircuitBreakerMaintenance breakers;

    @TestHTTPResource("/api/stream")
    URL stream;

    @BeforeEach
    void healthy() {
        StatusTargetsResource.healAll();
        breakers.resetAll();
        poller.pollOnce();
        poller.pollOnce(); // closes any incident a previous test left open (the quiet period is 0 s in tests)
    }

    @Test
    void pageRendersOnTheServerSoItWorksWithoutJavaScript() {
        String html = given().accept("text/html").get("/").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertThat(html).contains("All systems operational")
                .contains("id=\"function-payments\" class=\"function\" data-state=\"operational\"")
                .contains("Working normally.")
                .contains("% available in the last hour")
                .contains("holds the primary")
                .contains("api/stream");
        assertThat(html).as("only functions some target serves are shown").doesNotContain("function-chat");
    }

    @Test
    void regionLossDegradesPaymentsOpensAnIncidentWithTheEdgesDecisionsAndResolvesIt() {
        String now = java.time.Instant.now().toString();
        PAY_A.on("GET", "/q/health", r -> Reply.json(503, StatusTargetsResource.DB_DOWN));
        StatusTargetsResource.edgeAfterRegionALoss(REGION_LOST.formatted(now), PROMOTED.formatted(now));
        poller.pollOnce();

        JsonPath page = given().get("/api/page").then().statusCode(200).extract().jsonPath();
        assertThat(page.getString("overall")).isEqualTo("DEGRADED");
        assertThat(page.getString("headline")).isEqualTo("Degraded service: Payments working with reduced redundancy");
        assertThat(page.getString("functions.find { it.key == 'payments' }.state")).isEqualTo("DEGRADED");
        assertThat(page.getList("functions.find { it.key == 'payments' }.reasons", String.class))
                .contains("region-a cannot serve it; region-b does.");
        assertThat(page.getBoolean("incidents[0].ongoing")).isTrue();
        assertThat(page.getString("incidents[0].title")).isEqualTo("Payments degraded");
        List<Map<String, Object>> timeline = page.getList("incidents[0].timeline");
        assertThat(timeline).extracting(e -> e.get("kind")).contains("REGION_LOST", "PROMOTED", "SERVICE_DOWN");
        assertThat(timeline).filteredOn(e -> "PROMOTED".equals(e.get("kind"))).singleElement()
                .satisfies(e -> assertThat(e.get("source")).isEqualTo("edge"))
                .satisfies(e -> assertThat(e.get("offsetSeconds")).isNotNull());
        assertThat(page.getString("regions.find { it.region == 'region-b' }.database.role")).isEqualTo("primary");
        given().get("/").then().body(containsString("Ongoing")).body(containsString("Payments degraded"));
        long id = page.getLong("incidents[0].id");

        StatusTargetsResource.healAll();
        poller.pollOnce();
        poller.pollOnce();
        JsonPath after = given().get("/api/page").then().extract().jsonPath();
        assertThat(after.getString("overall")).isEqualTo("OPERATIONAL");
        assertThat(after.getLong("incidents[0].id")).isEqualTo(id);
        assertThat(after.getBoolean("incidents[0].ongoing")).isFalse();
        assertThat(after.getString("incidents[0].ended")).isNotNull();
        given().get("/api/incidents").then().statusCode(200).body("[0].id", equalTo((int) id)).body("[0].ongoing", equalTo(false));
        given().get("/").then().body(containsString("Resolved")).body(containsString("resolved after"));
    }

    @Test
    void edgeGoneIsSaidPlainlyAndTheRegionsAreStillShown() {
        EDGE.stop();
        try {
            poller.pollOnce();
            JsonPath page = given().get("/api/page").then().extract().jsonPath();
            assertThat(page.getString("edge.health")).isEqualTo("UNREACHABLE");
            assertThat(page.getString("edge.error")).isNotBlank();
            assertThat(page.getString("functions.find { it.key == 'payments' }.state")).isEqualTo("DEGRADED");
            assertThat(page.getList("regions.region")).containsExactly("region-a", "region-b");
            assertThat(page.getList("timeline.kind")).contains("EDGE_DOWN");
            given().get("/").then().body(containsString("The global front door (edge) has not answered"));
        } finally {
            EDGE.restart();
        }
        poller.pollOnce();
        given().get("/api/page").then().body("edge.health", equalTo("UP")).body("timeline[0].kind", equalTo("EDGE_UP"));
    }

    @Test
    void streamSendsTheRenderedFragmentAsServerSentEvents() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<java.io.InputStream> response = client.send(HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as(() -> "status of " + stream).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                // skip event fields other than data
            }
            assertThat(line).isNotNull();
            JsonNode update = new ObjectMapper().readTree(line.substring("data:".length()));
            assertThat(update.path("overall").asText()).isEqualTo("OPERATIONAL");
            assertThat(update.path("html").asText()).contains("id=\"functions\"").doesNotContain("<html");
            assertThat(update.path("title").asText()).contains("All systems operational");
        }
    }

    @Test
    void uptimeCoversTheLastHourAMinuteABar() {
        JsonPath page = given().get("/api/page").then().extract().jsonPath();
        assertThat(page.getList("functions.find { it.key == 'payments' }.lastHour")).hasSize(60);
        assertThat(page.getDouble("functions.find { it.key == 'payments' }.uptimePercent")).isBetween(0.0, 100.0);
        assertThat(page.getInt("functions.find { it.key == 'payments' }.lastHour[59].samples")).isPositive();
    }

    @Test
    void theJsonApiIsInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/page")).body(containsString("/api/incidents")).body(containsString("/api/stream"))
                .body(containsString("/api/changes"));
    }
}
