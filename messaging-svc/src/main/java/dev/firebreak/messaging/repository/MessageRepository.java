package dev.firebreak.messaging.repository;

import dev.firebreak.messaging.model.Message;
import dev.firebreak.messaging.model.MessageKind;
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

/** Messages, numbered per room. */
@ApplicationScoped
public class MessageRepository {

    /** A stored message with the fingerprint of the request that posted it. */
    public record Stored(Message message, String requestHash) {
    }

    private static final String COLUMNS =
            "room_id, seq, sender_id, client_message_id, kind, body, transfer_id, amount, created_at, request_hash";

    public void insert(Connection c, Message m, String requestHash) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO message (room_id, seq, sender_id, client_message_id, kind, body, transfer_id, amount, request_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, m.roomId());
            st.setLong(2, m.seq());
            st.setString(3, m.senderId());
            st.setString(4, m.clientMessageId());
            st.setString(5, m.kind().name());
            st.setString(6, m.text());
            st.setObject(7, m.transferId(), Types.OTHER);
            if (m.amount() == null) {
                st.setNull(8, Types.BIGINT);
            } else {
                st.setLong(8, m.amount());
            }
            st.setString(9, requestHash);
            st.executeUpdate();
        }
    }

    public Optional<Stored> findByClientId(Connection c, String senderId, String clientMessageId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM message WHERE sender_id = ? AND client_message_id = ?")) {
            st.setString(1, senderId);
            st.setString(2, clientMessageId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(map(rs), rs.getString(10))) : Optional.empty();
            }
        }
    }

    /** Newest first: messages with seq below {@code before} (all when null), at most {@code limit}. */
    public List<Message> page(Connection c, String roomId, Long before, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM message WHERE room_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?")) {
            st.setString(1, roomId);
            st.setLong(2, before == null ? Long.MAX_VALUE : before);
            st.setInt(3, limit);
            List<Message> messages = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    messages.add(map(rs));
                }
            }
            return messages;
        }
    }

    private static Message map(ResultSet rs) throws SQLException {
        long amount = rs.getLong(8);
        Long boxed = rs.wasNull() ? null : amount;
        return new Message(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                MessageKind.valueOf(rs.getString(5)), rs.getString(6), rs.getObject(7, UUID.class), boxed,
                rs.getObject(9, OffsetDateTime.class));
    }
}
