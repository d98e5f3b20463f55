package dev.firebreak.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.taxi.model.RideStatus;
import org.junit.jupiter.api.Test;

class RideStatusTest {

    @Test
    void followsTheRideLifecycle() {
        assertThat(RideStatus.REQUESTED.next()).containsExactlyInAnyOrder(RideStatus.MATCHED, RideStatus.CANCELLED);
        assertThat(RideStatus.MATCHED.next()).containsExactlyInAnyOrder(RideStatus.PICKED_UP, RideStatus.CANCELLED);
        assertThat(RideStatus.PICKED_UP.next()).containsExactly(RideStatus.COMPLETED);
    }

    @Test
    void finalStatesGoNowhere() {
        assertThat(RideStatus.COMPLETED.next()).isEmpty();
        assertThat(RideStatus.CANCELLED.next()).isEmpty();
    }

    @Test
    void cannotSkipPickupOrCancelARiderInTheCar() {
        assertThat(RideStatus.MATCHED.canMoveTo(RideStatus.COMPLETED)).isFalse();
        assertThat(RideStatus.PICKED_UP.canMoveTo(RideStatus.CANCELLED)).isFalse();
        assertThat(RideStatus.REQUESTED.canMoveTo(RideStatus.PICKED_UP)).isFalse();
    }
}
