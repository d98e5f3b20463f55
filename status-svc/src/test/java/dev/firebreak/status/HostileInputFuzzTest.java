package dev.firebreak.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
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
        long seed = Long.getLong("fuzz.seed", 20_261_125L);
        Random pick = new Random(seed);
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);
        HostileRequests.Report report = fuzz.runAndCheck("status-svc", seed, REQUESTS, Duration.ofMinutes(2),
                () -> TestTokens.user("reader"), () -> pick.nextBoolean() ? "pay-a" : "pay-b");

        assertThat(report.byStatus()).containsKeys(200, 404);
    }

    @Test
    void noPathSpellingWalksPastTheRoutes() throws Exception {
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);
        HostileRequests.check("status-svc paths", fuzz.pathSweep(op -> null, () -> "pay-a"));
        HostileRequests.check("status-svc content types", fuzz.contentTypeSweep(op -> null, () -> "pay-a"));
    }
}
