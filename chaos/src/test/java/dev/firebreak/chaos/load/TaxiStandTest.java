package dev.firebreak.chaos.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each run's drivers wait at a stand of their own, out of reach of any other stand's rides. */
class TaxiStandTest {

    /** taxi-svc's matching radius (taxi.matching.radius-meters) and service area (TaxiConfig.ServiceArea). */
    static final double RADIUS_M = 5000;

    @Test
    void standsAreInTheServiceAreaAndBeyondTwiceTheMatchingRadiusOfEachOther() {
        Set<RideWorkload.Stand> stands = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> stands.add(RideWorkload.Stand.of("run-" + i)));
        assertThat(stands).hasSize(RideWorkload.Stand.ROWS * RideWorkload.Stand.COLUMNS);
        List<RideWorkload.Stand> all = List.copyOf(stands);
        for (RideWorkload.Stand s : all) {
            // The pickup (+0.0005 lat) and the farthest drop-off (+0.05 lat, -0.03 lon) are inside the area too.
            assertThat(s.lat()).isBetween(36.9, 38.3 - 0.05);
            assertThat(s.lon()).isBetween(126.3 + 0.03, 127.9);
            for (RideWorkload.Stand t : all) {
                if (s != t) {
                    assertThat(meters(s, t)).as(s + " and " + t).isGreaterThan(2 * RADIUS_M);
                }
            }
        }
    }

    @Test
    void aRunAlwaysUsesTheSameStand() {
        assertThat(RideWorkload.Stand.of("drill-20261206-1")).isEqualTo(RideWorkload.Stand.of("drill-20261206-1"));
    }

    private static double meters(RideWorkload.Stand a, RideWorkload.Stand b) {
        double p1 = Math.toRadians(a.lat());
        double p2 = Math.toRadians(b.lat());
        double dp = p2 - p1;
        double dl = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
    }
}
