package dev.firebreak.taxi.service;

import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.taxi.model.Driver;
import dev.firebreak.taxi.model.GeoPoint;
import dev.firebreak.taxi.repository.DriverRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Drivers: sign-up, position and availability. */
@ApplicationScoped
public class DriverService {

    private final Transactions tx;
    private final DriverRepository drivers;
    private final ServiceArea area;

    public DriverService(Transactions tx, DriverRepository drivers, ServiceArea area) {
        this.tx = tx;
        this.drivers = drivers;
        this.area = area;
    }

    public Outcome<Driver> put(String driverId, String name) {
        return tx.write(c -> {
            boolean created = drivers.upsert(c, driverId, name);
            Driver driver = drivers.find(c, driverId).orElseThrow();
            return created ? Outcome.applied(driver) : Outcome.replayed(driver);
        });
    }

    /** A driver outside the service area is refused: rides are never matched to one there. */
    public Driver updatePosition(String driverId, GeoPoint position, boolean available) {
        area.requireInside(position, "position");
        return tx.write(c -> {
            if (!drivers.updatePosition(c, driverId, position, available)) {
                throw ProblemException.notFound("driver", driverId);
            }
            return drivers.find(c, driverId).orElseThrow();
        });
    }

    public Driver get(String driverId) {
        return tx.read(c -> drivers.find(c, driverId)).orElseThrow(() -> ProblemException.notFound("driver", driverId));
    }
}
