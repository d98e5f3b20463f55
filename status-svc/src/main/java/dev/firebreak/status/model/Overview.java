package dev.firebreak.status.model;

import java.time.Instant;
import java.util.List;

/** Every service in every region, rolled up from its instances. */
public record Overview(Instant generatedAt, State overall, boolean polled, List<RegionView> regions) {

    /**
     * OPERATIONAL: every instance up, every breaker closed. DEGRADED: some instance down or some
     * breaker not closed, but it serves. DOWN: no instance serves.
     */
    public enum State { OPERATIONAL, DEGRADED, DOWN }

    /** One region. */
    public record RegionView(String region, State state, List<ServiceView> services) {
    }

    /** One service in one region. */
    public record ServiceView(String service, State state, int instancesUp, int instances, List<TargetStatus> targets) {
    }
}
