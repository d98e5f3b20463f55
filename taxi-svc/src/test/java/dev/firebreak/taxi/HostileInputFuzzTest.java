package dev.firebreak.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.testing.Fuzzing;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile requests against every taxi-svc endpoint: no 5xx, every error a
 * problem, and afterwards no driver holds two rides and every completed ride owes exactly one charge.
 */
@QuarkusTest
class HostileInputFuzzTest {

    static final int REQUESTS = 3_000;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void hostileRequestsGetProblemsNeverErrorsAndRidesStayConsistent() throws Exception {
        StubServerResource.stub("payment").reset();
        StubServerResource.stub("payment").on("POST", "/payments", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\"}"));
        StubServerResource.stub("messaging").reset();
        StubServerResource.stub("messaging").on("POST", "/notices", r -> Reply.json(201, "{}"));
        double[] here = TaxiApi.somewhere();
        List<String> people = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String driver = TaxiApi.driverAt(here[0] + i * 0.001, here[1]);
            people.add(driver);
            ids.add(driver);
        }
        for (int i = 0; i < 3; i++) {
            String rider = "rider-fz-" + i;
            people.add(rider);
            ids.add(TaxiApi.request(rider, here[0], here[1], UUID.randomUUID().toString()).then().extract().path("rideId"));
        }
        Fuzzing fuzz = Fuzzing.of(base);
        var anyPerson = fuzz.anyOf(people);

        HostileRequests.Report report = fuzz.run("taxi-svc", REQUESTS, Duration.ofMinutes(4), () -> TestTokens.user(anyPerson.get()),
                fuzz.anyOf(ids));

        assertThat(report.byStatus()).containsKeys(200, 400, 401, 404);

        Fuzzing.assertNoneBroken(dataSource, """
                SELECT (SELECT count(*) FROM (SELECT driver_id FROM ride WHERE status IN ('MATCHED', 'PICKED_UP')
                                                GROUP BY driver_id HAVING count(*) > 1) busy),
                       (SELECT count(*) FROM ride r WHERE r.status = 'COMPLETED'
                          AND (SELECT count(*) FROM outbox o WHERE o.ride_id = r.id AND o.kind = 'CHARGE') <> 1),
                       (SELECT count(*) FROM outbox o WHERE o.kind = 'CHARGE'
                          AND NOT EXISTS (SELECT 1 FROM ride r WHERE r.id = o.ride_id AND r.status = 'COMPLETED'))""",
                "drivers on two rides", "completed rides without exactly one charge", "charges for rides that did not complete");
    }

    @Test
    void everyClassOfHostileInputIsRefusedAtEveryEndpointTheDocumentDeclares() throws Exception {
        String driver = "sweep-driver-" + UUID.randomUUID().toString().substring(0, 6);
        Fuzzing.of(base).sweepEveryClass("taxi-svc", op -> op.path().startsWith("/ops") ? TestTokens.admin() : TestTokens.user(driver),
                () -> driver);
        TaxiApi.as(driver).get("/drivers/{id}", driver).then().statusCode(404);
    }
}
