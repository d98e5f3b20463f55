package dev.firebreak.chaos.driver;

import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;
import java.util.Optional;

/**
 * How an experiment touches the world: the simulated clusters ({@link SimulatorDriver}) or real
 * ones through kubectl ({@link KubectlDriver}). Steps and probes mean the same on both.
 */
public interface Driver {

    /** Performs one step; throws with what went wrong. */
    void apply(Step step);

    /** Whether the probe holds now, and what was seen ({@code detail}). */
    ProbeResult check(Probe probe);

    /** The URL clients use: the edge, or a region's own front door. */
    String entryPoint(String target);

    /**
     * Why the clusters cannot be driven at all any more (the simulator's process is gone), or
     * empty while they can. A cluster that is down on purpose is not gone.
     */
    default Optional<String> gone() {
        return Optional.empty();
    }

    /** A probe's outcome. */
    record ProbeResult(boolean holds, String detail) {
    }
}
