package dev.firebreak.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.testing.Fuzzing;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Generated hostile requests against status-svc's public API: no 5xx, every error a problem. */
@QuarkusTest
@QuarkusTestResource(StatusTargetsResource.class)
class HostileInputFuzzTest {

    static final int REQUESTS = 500;

    @TestHTTPResource("/")
    URI base;

    @Test
    void hostileRequestsGetProblemsNeverErrors() throws Exception {
        Fuzzing fuzz = Fuzzing.of(base);
        HostileRequests.Report report = fuzz.run("status-svc", REQUESTS, Duration.ofMinutes(2), () -> TestTokens.user("reader"),
                fuzz.anyOf(java.util.List.of("pay-a", "pay-b")));

        assertThat(report.byStatus()).containsKeys(200, 404);
    }

    @Test
    void noPathSpellingWalksPastTheRoutes() throws Exception {
        Fuzzing.of(base).sweepContentTypesAndPaths("status-svc", op -> null, () -> "pay-a");
    }
}
