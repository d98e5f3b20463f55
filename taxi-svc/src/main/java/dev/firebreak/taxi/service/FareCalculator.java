package dev.firebreak.taxi.service;

import dev.firebreak.taxi.config.TaxiConfig;
import dev.firebreak.taxi.model.GeoPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Distance and fare of a ride, from pickup to drop-off, Seoul-style: a base fare, then steps. */
@ApplicationScoped
public class FareCalculator {

    private final TaxiConfig.Fare fare;

    @Inject
    public FareCalculator(TaxiConfig config) {
        this(config.fare());
    }

    FareCalculator(TaxiConfig.Fare fare) {
        this.fare = fare;
    }

    /** Estimated road distance in meters. */
    public int distanceMeters(GeoPoint pickup, GeoPoint dropoff) {
        return (int) Math.round(pickup.metersTo(dropoff) * fare.routeFactor());
    }

    /** Fare in won for a ride of {@code meters}. */
    public long fareFor(int meters) {
        int beyond = Math.max(0, meters - fare.baseMeters());
        long steps = (beyond + fare.stepMeters() - 1L) / fare.stepMeters();
        return fare.baseWon() + steps * fare.stepWon();
    }
}
