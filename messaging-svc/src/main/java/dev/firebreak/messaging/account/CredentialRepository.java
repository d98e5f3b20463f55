package dev.firebreak.messaging.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Password hashes. */
@ApplicationScoped
public class CredentialRepository {

    public void insert(Connection c, String userId, String hash) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO credential (user_id, password_hash) VALUES (?, ?)")) {
            st.setString(1, userId);
            st.setString(2, hash);
            st.executeUpdate();
        }
    }

    public Optional<String> hashOf(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT password_hash FROM credential WHERE user_id = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
