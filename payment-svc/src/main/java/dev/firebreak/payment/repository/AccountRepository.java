package dev.firebreak.payment.repository;

import dev.firebreak.payment.model.Account;
import dev.firebreak.payment.model.Wallet;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ledger accounts: user wallets, merchants and the system top-up source. */
@ApplicationScoped
public class AccountRepository {

    /** Creates the user's wallet unless it exists; true when it was created now. */
    public boolean createWallet(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO account (kind, owner) VALUES ('USER', ?) ON CONFLICT ON CONSTRAINT account_owner_unique DO NOTHING")) {
            st.setString(1, userId);
            return st.executeUpdate() == 1;
        }
    }

    public Optional<Wallet> findWallet(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT owner, balance, currency, created_at FROM account WHERE kind = 'USER' AND owner = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Wallet(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                        : Optional.empty();
            }
        }
    }

    /** A user's wallet: always one row. */
    public Optional<Long> findWalletId(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM account WHERE kind = 'USER' AND owner = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /**
     * One shard of a hot account (the top-up source, a merchant; db/migration/V2): the one
     * {@code spreadBy} falls on, so that concurrent movements mostly lock different rows.
     */
    public Optional<Long> findShardId(Connection c, String kind, String owner, String spreadBy) throws SQLException {
        List<Long> shards = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM account WHERE kind = ? AND owner = ? ORDER BY shard")) {
            st.setString(1, kind);
            st.setString(2, owner);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    shards.add(rs.getLong(1));
                }
            }
        }
        return shards.isEmpty() ? Optional.empty() : Optional.of(shards.get(Math.floorMod(spreadBy.hashCode(), shards.size())));
    }

    /**
     * Locks the accounts' balances, always in id order, so that two transfers between the same
     * pair in opposite directions cannot deadlock. FOR NO KEY UPDATE does not block the foreign-key
     * checks of concurrent inserts that merely reference these accounts.
     */
    public List<Account> lockInOrder(Connection c, long... ids) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT id, kind, owner, balance FROM account WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE")) {
            Long[] boxed = new Long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                boxed[i] = ids[i];
            }
            st.setArray(1, c.createArrayOf("bigint", boxed));
            List<Account> accounts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    accounts.add(new Account(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return accounts;
        }
    }

    public void addToBalance(Connection c, long accountId, long delta) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
            st.setLong(1, delta);
            st.setLong(2, accountId);
            st.executeUpdate();
        }
    }
}
