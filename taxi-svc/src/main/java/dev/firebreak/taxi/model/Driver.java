package dev.firebreak.taxi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A driver: where they are, whether they take rides, and the ride they are on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Driver(String driverId, String name, GeoPoint position, boolean available, UUID activeRideId,
        OffsetDateTime positionAt) {
}
