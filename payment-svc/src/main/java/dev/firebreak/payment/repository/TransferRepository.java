package dev.firebreak.payment.repository;

import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.payment.model.LedgerEntry;
import dev.firebreak.payment.model.Transfer;
import dev.firebreak.payment.model.TransferKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Transfers and their ledger entries; both append-only. */
@ApplicationScoped
public class TransferRepository {

    /** A transfer as stored, with the fingerprint of the request that made it. */
    public record Stored(Transfer transfer, String requestHash) {
    }

    private static final String SELECT_TRANSFER = """
            SELECT t.id, t.kind, d.owner, c.owner, t.amount, d.currency, t.memo, t.idempotency_key, t.created_at, t.request_hash
              FROM transfer t
              JOIN account d ON d.id = t.debit_account
              JOIN account c ON c.id = t.credit_account
            """;

    /**
     * Claims the idempotency key (among its owner's keys) by inserting the transfer row. Returns
     * false when the owner used the key already; if another transaction holds it uncommitted, this
     * waits for that one to finish.
     */
    public boolean claim(Connection c, UUID id, ScopedKey key, String requestHash, TransferKind kind,
            long debitAccount, long creditAccount, long amount, String memo) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO transfer (id, idempotency_key, request_hash, kind, debit_account, credit_account, amount, memo, key_owner)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT transfer_idempotency_key_unique DO NOTHING""")) {
            st.setObject(1, id);
            st.setString(2, key.key());
            st.setString(3, requestHash);
            st.setString(4, kind.name());
            st.setLong(5, debitAccount);
            st.setLong(6, creditAccount);
            st.setLong(7, amount);
            if (memo == null) {
                st.setNull(8, Types.VARCHAR);
            } else {
                st.setString(8, memo);
            }
            st.setString(9, key.owner());
            return st.executeUpdate() == 1;
        }
    }

    public void addEntry(Connection c, UUID transferId, long accountId, long amount, long balanceAfter) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO ledger_entry (transfer_id, account_id, amount, balance_after) VALUES (?, ?, ?, ?)")) {
            st.setObject(1, transferId);
            st.setLong(2, accountId);
            st.setLong(3, amount);
            st.setLong(4, balanceAfter);
            st.executeUpdate();
        }
    }

    /** The transfer {@code key}'s owner made with it, if any; another owner's keys are never seen. */
    public Optional<Stored> findByKey(Connection c, ScopedKey key) throws SQLException {
        return findOne(c, SELECT_TRANSFER + " WHERE t.key_owner = ? AND t.idempotency_key = ?", key.owner(), key.key());
    }

    public Optional<Transfer> findById(Connection c, UUID id) throws SQLException {
        return findOne(c, SELECT_TRANSFER + " WHERE t.id = ?", id).map(Stored::transfer);
    }

    /** Newest first, entries with id below {@code before} (all when null), at most {@code limit}. */
    public List<LedgerEntry> history(Connection c, long accountId, Long before, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT e.id, t.id, t.kind, e.amount, e.balance_after, other.owner, t.memo, e.created_at
                  FROM ledger_entry e
                  JOIN transfer t ON t.id = e.transfer_id
                  JOIN account other ON other.id = CASE WHEN t.debit_account = e.account_id THEN t.credit_account ELSE t.debit_account END
                 WHERE e.account_id = ? AND e.id < ?
                 ORDER BY e.id DESC
                 LIMIT ?""")) {
            st.setLong(1, accountId);
            st.setLong(2, before == null ? Long.MAX_VALUE : before);
            st.setInt(3, limit);
            List<LedgerEntry> entries = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(new LedgerEntry(rs.getLong(1), rs.getObject(2, UUID.class), TransferKind.valueOf(rs.getString(3)),
                            rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)));
                }
            }
            return entries;
        }
    }

    private Optional<Stored> findOne(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Transfer t = new Transfer(rs.getObject(1, UUID.class), TransferKind.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class));
                return Optional.of(new Stored(t, rs.getString(10)));
            }
        }
    }
}
