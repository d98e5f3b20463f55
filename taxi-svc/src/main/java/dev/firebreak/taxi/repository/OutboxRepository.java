package dev.firebreak.taxi.repository;

import dev.firebreak.taxi.model.OutboxStats;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Deliveries owed to other services (fare charges, notices), written in the same transaction as
 * the ride change that owes them, so none is lost when a dependency or this process dies.
 */
@ApplicationScoped
public class OutboxRepository {

    /** One delivery. */
    public record Entry(long id, UUID rideId, String kind, String idempotencyKey, String payload, String status,
            int attempts, String lastError, String result) {
    }

    private static final String COLUMNS = "id, ride_id, kind, idempotency_key, payload, status, attempts, last_error, result";

    public void add(Connection c, UUID rideId, String kind, String idempotencyKey, String payload) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO outbox (ride_id, kind, idempotency_key, payload) VALUES (?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT outbox_idempotency_key_unique DO NOTHING""")) {
            st.setObject(1, rideId);
            st.setString(2, kind);
            st.setString(3, idempotencyKey);
            st.setString(4, payload);
            st.executeUpdate();
        }
    }

    /**
     * Claims up to {@code limit} due entries (of one ride, or all when null) for {@code lease}: other
     * replicas leave them alone until then, and if this one dies they become due again.
     */
    public List<Entry> claimDue(Connection c, UUID rideId, int limit, Duration lease) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE outbox SET next_attempt_at = now() + make_interval(secs => ?)
                 WHERE id IN (SELECT id FROM outbox
                               WHERE status = 'PENDING' AND next_attempt_at <= now() AND (?::uuid IS NULL OR ride_id = ?::uuid)
                               ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING\s""" + COLUMNS)) {
            st.setDouble(1, lease.toMillis() / 1000.0);
            st.setObject(2, rideId);
            st.setObject(3, rideId);
            st.setInt(4, limit);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    entries.add(map(rs));
                }
            }
            entries.sort((a, b) -> Long.compare(a.id(), b.id()));
            return entries;
        }
    }

    public void markDone(Connection c, long id, String result) throws SQLException {
        finish(c, id, "DONE", result, null);
    }

    /** A notice the receiver refused for good. */
    public void markFailed(Connection c, long id, String reason) throws SQLException {
        finish(c, id, "FAILED", null, reason);
    }

    /** A charge payment-svc refused because of the rider: a fare the rider owes. */
    public void markUnpaid(Connection c, long id, String reason) throws SQLException {
        finish(c, id, "UNPAID", null, reason);
    }

    /** A fare someone owes: its ride, amount and why it was refused. */
    public record Debt(UUID rideId, long fare, String reason) {
    }

    /** Every fare {@code riderId} owes, oldest first. */
    public List<Debt> unpaidBy(Connection c, String riderId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT o.ride_id, coalesce(r.fare, 0), o.last_error
                  FROM outbox o JOIN ride r ON r.id = o.ride_id
                 WHERE r.rider_id = ? AND o.kind = 'CHARGE' AND o.status = 'UNPAID'
                 ORDER BY o.id""")) {
            st.setString(1, riderId);
            List<Debt> debts = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    debts.add(new Debt(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)));
                }
            }
            return debts;
        }
    }

    /** Puts an unpaid charge of {@code rideId} back in line, due now; false when it owes nothing. */
    public boolean reopenUnpaid(Connection c, UUID rideId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE outbox SET status = 'PENDING', next_attempt_at = now(), done_at = NULL
                 WHERE ride_id = ? AND kind = 'CHARGE' AND status = 'UNPAID'""")) {
            st.setObject(1, rideId);
            return st.executeUpdate() > 0;
        }
    }

    /** Records a failed attempt; the entry is due again after {@code backoff}. */
    public void retryLater(Connection c, long id, String error, Duration backoff) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                 WHERE id = ? AND status = 'PENDING'""")) {
            st.setString(1, error);
            st.setDouble(2, backoff.toMillis() / 1000.0);
            st.setLong(3, id);
            st.executeUpdate();
        }
    }

    public Optional<Entry> findForRide(Connection c, UUID rideId, String kind) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM outbox WHERE ride_id = ? AND kind = ? ORDER BY id DESC LIMIT 1")) {
            st.setObject(1, rideId);
            st.setString(2, kind);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    public OutboxStats stats(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE kind = 'CHARGE' AND status = 'PENDING'),
                       count(*) FILTER (WHERE kind = 'CHARGE' AND status = 'UNPAID'),
                       count(*) FILTER (WHERE kind = 'CHARGE' AND status = 'DONE'),
                       count(*) FILTER (WHERE kind = 'NOTICE' AND status = 'PENDING'),
                       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')), 0)::bigint
                  FROM outbox""");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return new OutboxStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    private static void finish(Connection c, long id, String status, String result, String error) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                UPDATE outbox SET status = ?, result = ?, last_error = coalesce(?, last_error), attempts = attempts + 1, done_at = now()
                 WHERE id = ? AND status = 'PENDING'""")) {
            st.setString(1, status);
            st.setString(2, result);
            st.setString(3, error);
            st.setLong(4, id);
            st.executeUpdate();
        }
    }

    private static Entry map(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9));
    }
}
