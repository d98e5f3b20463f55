package dev.firebreak.taxi.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * A ride's lifecycle: REQUESTED → MATCHED → PICKED_UP → COMPLETED, or CANCELLED before pickup.
 * COMPLETED and CANCELLED are final.
 */
public enum RideStatus {
    REQUESTED, MATCHED, PICKED_UP, COMPLETED, CANCELLED;

    /** The states this one may move to. */
    public Set<RideStatus> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(MATCHED, CANCELLED);
            case MATCHED -> EnumSet.of(PICKED_UP, CANCELLED);
            case PICKED_UP -> EnumSet.of(COMPLETED);
            case COMPLETED, CANCELLED -> EnumSet.noneOf(RideStatus.class);
        };
    }

    public boolean canMoveTo(RideStatus target) {
        return next().contains(target);
    }

    /** A driver holds at most one ride in these states. */
    public boolean isActive() {
        return this == MATCHED || this == PICKED_UP;
    }
}
