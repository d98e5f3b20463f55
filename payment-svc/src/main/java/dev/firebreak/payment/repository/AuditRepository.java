package dev.firebreak.payment.repository;

import dev.firebreak.payment.model.LedgerAudit;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Checks the ledger's invariants over every row; what the drill's verifier and the tests rely on. */
@ApplicationScoped
public class AuditRepository {

    public LedgerAudit audit(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT
                       (SELECT count(*) FROM account),
                       (SELECT count(*) FROM transfer),
                       (SELECT coalesce(sum(balance), 0) FROM account WHERE kind <> 'SYSTEM'),
                       (SELECT coalesce(sum(balance), 0) FROM account),
                       (SELECT count(*) FROM account WHERE kind <> 'SYSTEM' AND balance < 0),
                       (SELECT count(*) FROM account a
                         WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entry e WHERE e.account_id = a.id)),
                       (SELECT count(*) FROM transfer t
                         WHERE (SELECT count(*) FROM ledger_entry e WHERE e.transfer_id = t.id) <> 2
                            OR (SELECT coalesce(sum(e.amount), 0) FROM ledger_entry e WHERE e.transfer_id = t.id) <> 0)
                     """)) {
            rs.next();
            long total = rs.getLong(4);
            long negative = rs.getLong(5);
            long mismatched = rs.getLong(6);
            long unbalanced = rs.getLong(7);
            return new LedgerAudit(rs.getLong(1), rs.getLong(2), rs.getLong(3), total, negative, mismatched, unbalanced,
                    total == 0 && negative == 0 && mismatched == 0 && unbalanced == 0);
        }
    }
}
