package dev.firebreak.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile requests against every payment-svc endpoint: no 5xx, every
 * error a problem, and afterwards the ledger still balances. Seed: {@code -Dfuzz.seed=N}.
 */
@QuarkusTest
class HostileInputFuzzTest {

    static final int REQUESTS = 4_000;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void hostileRequestsGetProblemsNeverErrorsAndTheLedgerStillBalances() throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(PaymentApi.funded("fuzz", 100_000));
        }
        long seed = Long.getLong("fuzz.seed", 20_261_125L);
        Random pick = new Random(seed);
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);

        HostileRequests.Report report = fuzz.runAndCheck("payment-svc", seed, REQUESTS, Duration.ofMinutes(4),
                () -> pick.nextInt(8) == 0 ? TestTokens.service(ServiceIdentity.TAXI) : TestTokens.user(users.get(pick.nextInt(users.size()))),
                () -> pick.nextInt(6) == 0 ? "kakao-t" : users.get(pick.nextInt(users.size())));

        // Hostile, not only garbage: some requests get through every check (mostly reads; a write now and then).
        assertThat(report.byStatus().keySet()).as("some hostile requests were well-formed enough to succeed")
                .anyMatch(status -> status >= 200 && status < 300);
        assertThat(report.byStatus()).containsKeys(400, 401, 404, 413);

        LedgerAuditAssert.assertLedgerHealthy();
        try (Connection c = dataSource.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("""
                     SELECT (SELECT count(*) FROM transfer t WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.transfer_id = t.id)),
                            (SELECT count(*) FROM account WHERE kind = 'USER' AND owner !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$')""")) {
            rs.next();
            assertThat(rs.getLong(1)).as("transfers without entries").isZero();
            assertThat(rs.getLong(2)).as("wallets with ids that should have been refused").isZero();
        }
    }

    @Test
    void everyClassOfHostileInputIsRefusedAtEveryEndpointTheDocumentDeclares() throws Exception {
        String user = PaymentApi.funded("sweep", 1_000);
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);
        java.util.function.Function<HostileRequests.Operation, String> auth = op -> op.path().startsWith("/ops") ? TestTokens.admin() : TestTokens.user(user);
        HostileRequests.check("payment-svc unsafe text", fuzz.unsafeTextSweep(auth, () -> user));
        HostileRequests.check("payment-svc content types", fuzz.contentTypeSweep(auth, () -> user));
        HostileRequests.check("payment-svc paths", fuzz.pathSweep(auth, () -> user));
        LedgerAuditAssert.assertLedgerHealthy();
        assertThat(PaymentApi.balance(user)).as("nothing hostile moved money").isEqualTo(1_000);
    }
}
