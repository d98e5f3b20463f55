package dev.firebreak.payment;

import static org.hamcrest.Matchers.equalTo;

/** The ledger audit endpoint, asserted healthy. */
final class LedgerAuditAssert {

    private LedgerAuditAssert() {
    }

    static void assertLedgerHealthy() {
        PaymentApi.asAdmin().get("/ledger/audit").then()
                .statusCode(200)
                .body("totalBalance", equalTo(0))
                .body("negativeBalances", equalTo(0))
                .body("balancesNotMatchingEntries", equalTo(0))
                .body("unbalancedTransfers", equalTo(0))
                .body("healthy", equalTo(true));
    }
}
