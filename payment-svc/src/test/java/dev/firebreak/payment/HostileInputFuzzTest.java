package dev.firebreak.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.Fuzzing;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        Fuzzing fuzz = Fuzzing.of(base);
        var anyUser = fuzz.anyOf(users);

        HostileRequests.Report report = fuzz.run("payment-svc", REQUESTS, Duration.ofMinutes(4),
                () -> fuzz.oneIn(8) ? TestTokens.service(ServiceIdentity.TAXI) : TestTokens.user(anyUser.get()),
                () -> fuzz.oneIn(6) ? "kakao-t" : anyUser.get());

        // Hostile, not only garbage: some requests get through every check (mostly reads; a write now and then).
        assertThat(report.byStatus().keySet()).as("some hostile requests were well-formed enough to succeed")
                .anyMatch(status -> status >= 200 && status < 300);
        assertThat(report.byStatus()).containsKeys(400, 401, 404, 413);

        LedgerAuditAssert.assertLedgerHealthy();
        Fuzzing.assertNoneBroken(dataSource, """
                SELECT (SELECT count(*) FROM transfer t WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.transfer_id = t.id)),
                       (SELECT count(*) FROM account WHERE kind = 'USER' AND owner !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$')""",
                "transfers without entries", "wallets with ids that should have been refused");
    }

    @Test
    void everyClassOfHostileInputIsRefusedAtEveryEndpointTheDocumentDeclares() throws Exception {
        String user = PaymentApi.funded("sweep", 1_000);
        Fuzzing.of(base).sweepEveryClass("payment-svc", op -> op.path().startsWith("/ops") ? TestTokens.admin() : TestTokens.user(user),
                () -> user);
        LedgerAuditAssert.assertLedgerHealthy();
        assertThat(PaymentApi.balance(user)).as("nothing hostile moved money").isEqualTo(1_000);
    }
}
