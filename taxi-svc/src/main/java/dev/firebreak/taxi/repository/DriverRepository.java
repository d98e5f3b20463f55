package dev.firebreak.taxi.repository;

import dev.firebreak.taxi.model.Driver;
import dev.firebreak.taxi.model.GeoPoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** Drivers and nearest-free-driver search. */
@ApplicationScoped
public class DriverRepository {

    /** Great-circle distance in meters from (?, ?) to the driver's row, as SQL. */
    private static final String DISTANCE = """
            (6371000 * 2 * asin(least(1, sqrt(power(sin(radians(d.lat - ?) / 2), 2)
              + cos(radians(?)) * cos(radians(d.lat)) * power(sin(radians(d.lon - ?) / 2), 2)))))""";

    /** Creates the driver or renames it; true when created now. */
    public boolean upsert(Connection c, String id, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO driver (id, name) VALUES (?, ?)
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING (xmax = 0)""")) {
            st.setString(1, id);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Sets position and availability; false when there is no such driver. */
    public boolean updatePosition(Connection c, String id, GeoPoint position, boolean available) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "UPDATE driver SET lat = ?, lon = ?, available = ?, position_at = now() WHERE id = ?")) {
            st.setDouble(1, position.lat());
            st.setDouble(2, position.lon());
            st.setBoolean(3, available);
            st.setString(4, id);
            return st.executeUpdate() == 1;
        }
    }

    public Optional<Driver> find(Connection c, String id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT d.id, d.name, d.lat, d.lon, d.available, d.position_at,
                       (SELECT r.id FROM ride r WHERE r.driver_id = d.id AND r.status IN ('MATCHED', 'PICKED_UP'))
                  FROM driver d WHERE d.id = ?""")) {
            st.setString(1, id);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                double lat = rs.getDouble(3);
                GeoPoint position = rs.wasNull() ? null : new GeoPoint(lat, rs.getDouble(4));
                return Optional.of(new Driver(rs.getString(1), rs.getString(2), position, rs.getBoolean(5),
                        rs.getObject(7, UUID.class), rs.getObject(6, OffsetDateTime.class)));
            }
        }
    }

    /**
     * Locks and returns the nearest available driver without an active ride within
     * {@code radiusMeters} of {@code pickup}. Drivers another transaction is matching right now
     * are skipped rather than waited for.
     */
    public Optional<String> lockNearestFree(Connection c, GeoPoint pickup, int radiusMeters) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT d.id FROM driver d"
                + " WHERE d.available AND d.lat IS NOT NULL AND " + DISTANCE + " <= ?"
                + "   AND NOT EXISTS (SELECT 1 FROM ride r WHERE r.driver_id = d.id AND r.status IN ('MATCHED', 'PICKED_UP'))"
                + " ORDER BY " + DISTANCE + ", d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED")) {
            st.setDouble(1, pickup.lat());
            st.setDouble(2, pickup.lat());
            st.setDouble(3, pickup.lon());
            st.setInt(4, radiusMeters);
            st.setDouble(5, pickup.lat());
            st.setDouble(6, pickup.lat());
            st.setDouble(7, pickup.lon());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
