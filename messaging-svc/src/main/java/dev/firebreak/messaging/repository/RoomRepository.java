package dev.firebreak.messaging.repository;

import dev.firebreak.messaging.model.Room;
import dev.firebreak.messaging.model.Unread;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Rooms, their members and read positions. */
@ApplicationScoped
public class RoomRepository {

    /** Creates the room unless it exists; true when created now. */
    public boolean create(Connection c, String id, String name, String kind, String createdBy) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO room (id, name, kind, created_by) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
            st.setString(1, id);
            st.setString(2, name);
            st.setString(3, kind);
            st.setString(4, createdBy);
            return st.executeUpdate() == 1;
        }
    }

    /** Adds the member unless present; true when added now. */
    public boolean addMember(Connection c, String roomId, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO room_member (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            st.setString(1, roomId);
            st.setString(2, userId);
            return st.executeUpdate() == 1;
        }
    }

    public boolean isMember(Connection c, String roomId, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM room_member WHERE room_id = ? AND user_id = ?")) {
            st.setString(1, roomId);
            st.setString(2, userId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Optional<Room> find(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT r.id, r.name, r.kind, r.created_by, r.last_seq, r.created_at,
                       array(SELECT m.user_id FROM room_member m WHERE m.room_id = r.id ORDER BY m.user_id)
                  FROM room r WHERE r.id = ?""")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> members = List.of((String[]) rs.getArray(7).getArray());
                return Optional.of(new Room(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), members, rs.getObject(6, OffsetDateTime.class)));
            }
        }
    }

    /** Locks the room's sequence and returns the next message number, or empty if there is no such room. */
    public OptionalLong lockNextSeq(Connection c, String roomId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT last_seq FROM room WHERE id = ? FOR NO KEY UPDATE")) {
            st.setString(1, roomId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1) + 1) : OptionalLong.empty();
            }
        }
    }

    public void setLastSeq(Connection c, String roomId, long seq) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE room SET last_seq = ? WHERE id = ?")) {
            st.setLong(1, seq);
            st.setString(2, roomId);
            st.executeUpdate();
        }
    }

    /** Moves the member's read position forward to {@code seq} (never back, never past the last message). */
    public void markRead(Connection c, String roomId, String userId, long seq) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE room_member m SET last_read_seq = GREATEST(m.last_read_seq, LEAST(?, r.last_seq))
                  FROM room r WHERE r.id = m.room_id AND m.room_id = ? AND m.user_id = ?""")) {
            st.setLong(1, seq);
            st.setString(2, roomId);
            st.setString(3, userId);
            st.executeUpdate();
        }
    }

    /** Per room of the user: messages by others after the user's read position. */
    public List<Unread.RoomUnread> unread(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT r.id, r.name, r.last_seq,
                       (SELECT count(*) FROM message msg
                         WHERE msg.room_id = r.id AND msg.seq > m.last_read_seq AND msg.sender_id <> m.user_id)
                  FROM room_member m JOIN room r ON r.id = m.room_id
                 WHERE m.user_id = ? AND r.last_seq > m.last_read_seq
                 ORDER BY r.id""")) {
            st.setString(1, userId);
            List<Unread.RoomUnread> rooms = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(4) > 0) {
                        rooms.add(new Unread.RoomUnread(rs.getString(1), rs.getString(2), rs.getLong(4), rs.getLong(3)));
                    }
                }
            }
            return rooms;
        }
    }
}
