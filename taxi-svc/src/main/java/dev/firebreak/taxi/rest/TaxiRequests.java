package dev.firebreak.taxi.rest;

import dev.firebreak.common.text.SingleLine;
import dev.firebreak.taxi.model.GeoPoint;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of taxi-svc. */
final class TaxiRequests {

    private TaxiRequests() {
    }

    /** Body of {@code PUT /drivers/{driverId}}. */
    record PutDriver(@NotBlank @Size(max = 50) @SingleLine String name) {
    }

    /** Body of {@code PUT /drivers/{driverId}/position}. */
    record Position(
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
            @NotNull Boolean available) {

        GeoPoint point() {
            return new GeoPoint(lat, lon);
        }
    }

    /** Body of {@code POST /rides}; the rider is the signed-in user. */
    record RequestRide(@NotNull @Valid GeoPoint pickup, @NotNull @Valid GeoPoint dropoff) {
    }
}
