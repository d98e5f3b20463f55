package dev.firebreak.messaging.repository;

import dev.firebreak.messaging.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Users. */
@ApplicationScoped
public class UserRepository {

    /** Creates the user or renames it; true when created now. */
    public boolean upsert(Connection c, String id, String displayName) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO app_user (id, display_name) VALUES (?, ?)
                ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name
                RETURNING (xmax = 0)""")) {
            st.setString(1, id);
            st.setString(2, displayName);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    public Optional<User> find(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id, display_name, created_at FROM app_user WHERE id = ?")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                        : Optional.empty();
            }
        }
    }

    /** Those of {@code ids} that are not users. */
    public List<String> missing(Connection c, Collection<String> ids) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT x FROM unnest(?::text[]) AS x WHERE NOT EXISTS (SELECT 1 FROM app_user u WHERE u.id = x) ORDER BY x")) {
            st.setArray(1, c.createArrayOf("text", ids.toArray()));
            List<String> missing = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
            return missing;
        }
    }
}
