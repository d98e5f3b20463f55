package dev.firebreak.taxi.repository;

import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.taxi.model.GeoPoint;
import dev.firebreak.taxi.model.Ride;
import dev.firebreak.taxi.model.RideStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rides. */
@ApplicationScoped
public class RideRepository {

    /** A stored ride with the fingerprint of the request that made it. */
    public record Stored(Ride ride, String requestHash) {
    }

    private static final String COLUMNS = """
            id, rider_id, driver_id, status, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon, distance_meters, fare,
            requested_at, matched_at, picked_up_at, completed_at, cancelled_at, request_hash, cancel_reason""";

    /** Inserts a REQUESTED ride for the key's owner; false when that rider used the key already. */
    public boolean insert(Connection c, UUID id, ScopedKey key, String requestHash, GeoPoint pickup, GeoPoint dropoff)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO ride (id, idempotency_key, request_hash, rider_id, status, pickup_lat, pickup_lon, dropoff_lat, dropoff_lon)
                VALUES (?, ?, ?, ?, 'REQUESTED', ?, ?, ?, ?)
                ON CONFLICT ON CONSTRAINT ride_idempotency_key_unique DO NOTHING""")) {
            st.setObject(1, id);
            st.setString(2, key.key());
            st.setString(3, requestHash);
            st.setString(4, key.owner());
            st.setDouble(5, pickup.lat());
            st.setDouble(6, pickup.lon());
            st.setDouble(7, dropoff.lat());
            st.setDouble(8, dropoff.lon());
            return st.executeUpdate() == 1;
        }
    }

    /** The ride the key's owner (the rider) requested with it, if any; another rider's keys are never seen. */
    public Optional<Stored> findByKey(Connection c, ScopedKey key) throws SQLException {
        return findOne(c, "SELECT " + COLUMNS + " FROM ride WHERE rider_id = ? AND idempotency_key = ?", key.owner(), key.key());
    }

    public Optional<Ride> find(Connection c, UUID id) throws SQLException {
        return findOne(c, "SELECT " + COLUMNS + " FROM ride WHERE id = ?", id).map(Stored::ride);
    }

    /** Locks the ride against concurrent transitions. */
    public Optional<Ride> lock(Connection c, UUID id) throws SQLException {
        return findOne(c, "SELECT " + COLUMNS + " FROM ride WHERE id = ? FOR UPDATE", id).map(Stored::ride);
    }

    public void match(Connection c, UUID id, String driverId) throws SQLException {
        update(c, "UPDATE ride SET status = 'MATCHED', driver_id = ?, matched_at = now() WHERE id = ?", driverId, id);
    }

    public void pickUp(Connection c, UUID id) throws SQLException {
        update(c, "UPDATE ride SET status = 'PICKED_UP', picked_up_at = now() WHERE id = ?", id);
    }

    public void complete(Connection c, UUID id, int distanceMeters, long fare) throws SQLException {
        update(c, "UPDATE ride SET status = 'COMPLETED', completed_at = now(), distance_meters = ?, fare = ? WHERE id = ?",
                distanceMeters, fare, id);
    }

    /** Cancels the ride; {@code reason} is rider, driver or pickup-timeout. */
    public void cancel(Connection c, UUID id, String reason) throws SQLException {
        update(c, "UPDATE ride SET status = 'CANCELLED', cancelled_at = now(), cancel_reason = ? WHERE id = ?", reason, id);
    }

    /**
     * Matched rides whose driver has not picked the rider up for {@code timeout} (by the database's
     * clock), oldest first, locked; rides another replica is handling are skipped.
     */
    public List<Ride> lockMatchedLongerThan(Connection c, Duration timeout, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM ride WHERE status = 'MATCHED'"
                + " AND matched_at < now() - make_interval(secs => ?) ORDER BY matched_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            st.setDouble(1, timeout.toMillis() / 1000.0);
            st.setInt(2, limit);
            return list(st);
        }
    }

    /** The oldest waiting rides, locked; rides another replica is matching are skipped. */
    public List<Ride> lockWaiting(Connection c, int limit) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS
                + " FROM ride WHERE status = 'REQUESTED' ORDER BY requested_at LIMIT ? FOR UPDATE SKIP LOCKED")) {
            st.setInt(1, limit);
            return list(st);
        }
    }

    private static List<Ride> list(PreparedStatement st) throws SQLException {
        List<Ride> rides = new ArrayList<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                rides.add(map(rs));
            }
        }
        return rides;
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    private Optional<Stored> findOne(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(map(rs), rs.getString(16))) : Optional.empty();
            }
        }
    }

    private static Ride map(ResultSet rs) throws SQLException {
        Integer distance = (Integer) rs.getObject(9);
        Long fare = (Long) rs.getObject(10);
        return new Ride(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), RideStatus.valueOf(rs.getString(4)),
                new GeoPoint(rs.getDouble(5), rs.getDouble(6)), new GeoPoint(rs.getDouble(7), rs.getDouble(8)),
                distance, fare, null,
                rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class), rs.getObject(13, OffsetDateTime.class),
                rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class), rs.getString(17));
    }
}
