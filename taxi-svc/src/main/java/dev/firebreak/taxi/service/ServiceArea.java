package dev.firebreak.taxi.service;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.taxi.config.TaxiConfig;
import dev.firebreak.taxi.model.GeoPoint;
import jakarta.enterprise.context.ApplicationScoped;

/** Where taxi-svc operates ({@code taxi.area}): pickups, drop-offs and drivers' positions must lie inside. */
@ApplicationScoped
public class ServiceArea {

    private final TaxiConfig.ServiceArea area;

    public ServiceArea(TaxiConfig config) {
        this.area = config.area();
    }

    /** 422 {@code outside-service-area} naming {@code field} when {@code point} lies outside. */
    public void requireInside(GeoPoint point, String field) {
        if (point.lat() < area.minLat() || point.lat() > area.maxLat() || point.lon() < area.minLon() || point.lon() > area.maxLon()) {
            throw Problem.of(422, "outside-service-area", "Outside the service area")
                    .detail("The " + field + " (" + point.lat() + ", " + point.lon() + ") is outside " + area.name()
                            + ", where Kakao T operates: latitude " + area.minLat() + " to " + area.maxLat() + ", longitude "
                            + area.minLon() + " to " + area.maxLon() + ".")
                    .with("field", field)
                    .with("area", java.util.Map.of("name", area.name(), "minLat", area.minLat(), "maxLat", area.maxLat(),
                            "minLon", area.minLon(), "maxLon", area.maxLon()))
                    .exception();
        }
    }
}
