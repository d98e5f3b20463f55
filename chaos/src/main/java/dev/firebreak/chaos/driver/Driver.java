package dev.firebreak.chaos.driver;

import dev.firebreak.chaos.experiment.Probe;
import dev.firebreak.chaos.experiment.Step;

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

    /** A probe's outcome. */
    record ProbeResult(boolean holds, String detail) {
    }
}
