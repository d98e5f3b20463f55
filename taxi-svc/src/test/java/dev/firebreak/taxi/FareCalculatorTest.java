package dev.firebreak.taxi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.firebreak.taxi.config.TaxiConfig;
import dev.firebreak.taxi.model.GeoPoint;
import dev.firebreak.taxi.service.FareCalculator;
import org.junit.jupiter.api.Test;

class FareCalculatorTest {

    /** Seoul's 2023 day fare: 4,800 won for 1.6 km, then 100 won per 131 m; roads 1.3× straight line. */
    private final FareCalculator calc = new FareCalculator(new TaxiConfig() {
        public String merchantId() { return "kakao-t"; }
        public String noticeSender() { return "kakao-t"; }
        public Matching matching() { return null; }
        public Outbox outbox() { return null; }
        public ServiceArea area() { return null; }
        public Fare fare() {
            return new Fare() {
                public long baseWon() { return 4800; }
                public int baseMeters() { return 1600; }
                public long stepWon() { return 100; }
                public int stepMeters() { return 131; }
                public double routeFactor() { return 1.3; }
                public long maxWon() { return 300_000; }
            };
        }
    });

    @Test
    void shortRidesPayTheBaseFare() {
        assertThat(calc.fareFor(0)).isEqualTo(4_800);
        assertThat(calc.fareFor(1_600)).isEqualTo(4_800);
    }

    @Test
    void everyStartedStepBeyondTheBaseCosts100Won() {
        assertThat(calc.fareFor(1_601)).isEqualTo(4_900);
        assertThat(calc.fareFor(1_731)).isEqualTo(4_900);
        assertThat(calc.fareFor(1_732)).isEqualTo(5_000);
        assertThat(calc.fareFor(10_000)).isEqualTo(4_800 + 65 * 100); // 8,400 m beyond: 64.1 steps → 65
    }

    @Test
    void estimatesRoadDistanceFromStraightLine() {
        GeoPoint gangnam = new GeoPoint(37.4979, 127.0276);
        GeoPoint seoulStation = new GeoPoint(37.5547, 126.9707);
        double straight = gangnam.metersTo(seoulStation);
        assertThat(straight).isCloseTo(8_070, within(150.0));
        assertThat(calc.distanceMeters(gangnam, seoulStation)).isEqualTo((int) Math.round(straight * 1.3));
    }
}
