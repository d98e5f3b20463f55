package dev.firebreak.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.testing.StubServer.Reply;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fuzzer must catch what it is for: errors that are not problems, and 5xx. */
class HostileRequestsTest {

    private static final String OPENAPI = """
            {"openapi":"3.1.0","paths":{
              "/things/{id}":{"get":{"parameters":[{"name":"id","in":"path"}]},
                              "post":{"requestBody":{"content":{"application/json":{"schema":{"properties":{"n":{"type":"integer"}}}}}}}}}}""";

    private final StubServer service = new StubServer();

    @AfterEach
    void stop() {
        service.stop();
    }

    private HostileRequests.Report fuzz() throws Exception {
        service.on("GET", "/q/openapi", r -> Reply.json(200, OPENAPI));
        return HostileRequests.fromOpenApi(URI.create(service.url())).run(1, 100, Duration.ofSeconds(30),
                () -> TestTokens.user("u"), () -> "x");
    }

    @Test
    void readsEveryOperationFromTheOpenApiDocument() throws Exception {
        service.on("GET", "/q/openapi", r -> Reply.json(200, OPENAPI));
        assertThat(HostileRequests.fromOpenApi(URI.create(service.url())).operations())
                .extracting(HostileRequests.Operation::name).containsExactlyInAnyOrder("GET /things/{id}", "POST /things/{id}");
    }

    @Test
    void reportsServerErrors() throws Exception {
        service.failWith(Reply.json(500, "{\"error\":\"boom\"}"));
        service.on("GET", "/q/openapi", r -> Reply.json(200, OPENAPI));
        // failWith answers everything, the document included: serve it first, then fail.
        service.heal();
        HostileRequests fuzz = HostileRequests.fromOpenApi(URI.create(service.url()));
        service.failWith(Reply.json(500, "{\"error\":\"boom\"}"));
        HostileRequests.Report report = fuzz.run(1, 50, Duration.ofSeconds(30), () -> TestTokens.user("u"), () -> "x");
        assertThat(report.failures()).isNotEmpty().allSatisfy(f -> assertThat(f).contains("answered 500"));
        assertThat(report.byStatus()).containsOnlyKeys(500);
        assertThatThrownBy(() -> fuzz.runAndCheck("stub", 2, 20, Duration.ofSeconds(30), () -> TestTokens.user("u"), () -> "x"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("answered 500");
    }

    @Test
    void reportsErrorsThatAreNotProblems() throws Exception {
        service.on("POST", "/things/x", r -> new Reply(400, "text/plain", "bad request"));
        HostileRequests.Report report = fuzz();
        assertThat(report.failures()).anySatisfy(f -> assertThat(f).contains("is not problem+json"));
    }

    @Test
    void acceptsProperProblems() throws Exception {
        service.on("POST", "/things/x", r -> Reply.problem(400, "validation-failed", "n must be positive"));
        service.on("GET", "/things/x", r -> Reply.json(200, "{}"));
        HostileRequests.Report report = fuzz();
        // Unrouted paths answer the stub's own problem 404; routed ones a problem 400 or a 200.
        assertThat(report.failures()).isEmpty();
        assertThat(report.sent()).isEqualTo(100);
    }
}
