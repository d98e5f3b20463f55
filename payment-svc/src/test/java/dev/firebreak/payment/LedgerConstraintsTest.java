package dev.firebreak.payment;

import static dev.firebreak.payment.PaymentApi.funded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The database itself refuses what would break the ledger, whatever code runs against it. */
@QuarkusTest
class LedgerConstraintsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void databaseRefusesANegativeUserBalance() throws SQLException {
        String alice = funded("alice", 100);
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement(
                "UPDATE account SET balance = -1 WHERE kind = 'USER' AND owner = ?")) {
            st.setString(1, alice);
            assertThatThrownBy(st::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("no_overdraft");
        }
    }

    @Test
    void databaseRefusesAnUnbalancedTransferAtCommit() throws SQLException {
        String alice = funded("alice", 100);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long account;
            try (var st = c.prepareStatement("SELECT id FROM account WHERE kind = 'USER' AND owner = ?")) {
                st.setString(1, alice);
                var rs = st.executeQuery();
                rs.next();
                account = rs.getLong(1);
            }
            UUID id = UUID.randomUUID();
            try (var st = c.prepareStatement("""
                    INSERT INTO transfer (id, idempotency_key, request_hash, kind, debit_account, credit_account, amount)
                    VALUES (?, ?, 'x', 'TOP_UP', (SELECT id FROM account WHERE kind = 'SYSTEM'), ?, 50)""")) {
                st.setObject(1, id);
                st.setString(2, id.toString());
                st.setLong(3, account);
                st.executeUpdate();
            }
            try (var st = c.prepareStatement("INSERT INTO ledger_entry (transfer_id, account_id, amount, balance_after) VALUES (?, ?, 50, 150)")) {
                st.setObject(1, id);
                st.setLong(2, account);
                st.executeUpdate();
            }
            assertThatThrownBy(c::commit).isInstanceOf(SQLException.class).hasMessageContaining("not balanced");
            c.rollback();
        }
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void ledgerIsAppendOnly() throws SQLException {
        funded("alice", 100);
        try (Connection c = dataSource.getConnection(); var st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE ledger_entry SET amount = amount * 2"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM transfer"))
                    .hasMessageContaining("append-only");
        }
        LedgerAuditAssert.assertLedgerHealthy();
    }

    @Test
    void auditSeesMoneyConservedAfterManyMovements() {
        String a = funded("a", 10_000);
        String b = funded("b", 5_000);
        for (int i = 0; i < 10; i++) {
            PaymentApi.transfer(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, 100 + i, UUID.randomUUID().toString()).then().statusCode(201);
        }
        assertThat(PaymentApi.balance(a) + PaymentApi.balance(b)).isEqualTo(15_000);
        LedgerAuditAssert.assertLedgerHealthy();
    }
}
