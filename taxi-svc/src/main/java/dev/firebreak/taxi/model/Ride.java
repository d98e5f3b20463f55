package dev.firebreak.taxi.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A ride. {@code cancelReason} says who or what cancelled it: {@code rider}, {@code driver}, or
 * {@code pickup-timeout} (matched, but not picked up within {@code taxi.matching.pickup-timeout}).
 * {@code charge} tells whether the fare reached payment-svc: PENDING while it waits in
 * the outbox (payment-svc unavailable), SETTLED once paid, FAILED if payment-svc refused it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ride(UUID rideId, String riderId, String driverId, RideStatus status, GeoPoint pickup, GeoPoint dropoff,
        Integer distanceMeters, Long fare, Charge charge, OffsetDateTime requestedAt, OffsetDateTime matchedAt,
        OffsetDateTime pickedUpAt, OffsetDateTime completedAt, OffsetDateTime cancelledAt, String cancelReason) {

    public Ride withCharge(Charge charge) {
        return new Ride(rideId, riderId, driverId, status, pickup, dropoff, distanceMeters, fare, charge, requestedAt,
                matchedAt, pickedUpAt, completedAt, cancelledAt, cancelReason);
    }
}
