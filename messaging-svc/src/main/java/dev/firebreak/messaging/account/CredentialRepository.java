package dev.firebreak.messaging.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Password hashes, and each account's run of wrong passwords ({@link SignInThrottle}). */
@ApplicationScoped
public class CredentialRepository {

    /** A stored credential: the hash, wrong passwords in a row, and until when sign-in is locked. */
    public record Credential(String hash, int failedAttempts, Instant lockedUntil) {
    }

    public void insert(Connection c, String userId, String hash) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO credential (user_id, password_hash) VALUES (?, ?)")) {
            st.setString(1, userId);
            st.setString(2, hash);
            st.executeUpdate();
        }
    }

    public Optional<Credential> find(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT password_hash, failed_attempts, locked_until FROM credential WHERE user_id = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                OffsetDateTime locked = rs.getObject(3, OffsetDateTime.class);
                return Optional.of(new Credential(rs.getString(1), rs.getInt(2), locked == null ? null : locked.toInstant()));
            }
        }
    }

    /** Counts one more wrong password in a row; returns how many there now are. */
    public int recordFailure(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE credential SET failed_attempts = failed_attempts + 1 WHERE user_id = ? RETURNING failed_attempts")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    public void lockUntil(Connection c, String userId, Instant until) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE credential SET locked_until = ? WHERE user_id = ?")) {
            st.setObject(1, until.atOffset(ZoneOffset.UTC));
            st.setString(2, userId);
            st.executeUpdate();
        }
    }

    /** A correct password: the run of wrong ones is over. */
    public void reset(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE credential SET failed_attempts = 0, locked_until = NULL WHERE user_id = ? AND failed_attempts > 0")) {
            st.setString(1, userId);
            st.executeUpdate();
        }
    }
}
