package dev.firebreak.chaos.cli;

import dev.firebreak.sim.cli.FirebreakSim;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The simulated clusters around a command that needs them: whether they run, bringing them up
 * ({@code ./firebreak up}, in this JVM) when none do, and taking down after the command only what
 * it brought up, on Ctrl-C too.
 */
final class SimulatedClusters implements AutoCloseable {

    private final Path project;
    private final PrintWriter out;
    private final PrintWriter err;
    private Thread onInterrupt;

    private SimulatedClusters(Path project, PrintWriter out, PrintWriter err) {
        this.project = project;
        this.out = out;
        this.err = err;
    }

    /** Whether the simulated clusters of {@code project} are up (or coming up). */
    static boolean running(Path project) {
        ControlClient control = new ControlClient(Layout.of(project).controlFile());
        try {
            return control.daemon().isPresent() && !control.status().phase().equals("down");
        } catch (RuntimeException notAnswering) {
            return false;
        }
    }

    /** Fresh clusters: up, or an exception that says they did not come up (what did start is stopped). */
    static SimulatedClusters up(Path project, PrintWriter out, PrintWriter err) {
        SimulatedClusters clusters = new SimulatedClusters(project, out, err);
        clusters.onInterrupt = new Thread(clusters::down, "firebreak-down");
        Runtime.getRuntime().addShutdownHook(clusters.onInterrupt);
        if (FirebreakSim.run(out, err, "--project", project.toString(), "up") != 0) {
            clusters.close();
            throw new IllegalStateException("the simulated clusters did not come up (.firebreak/simulator.log, .firebreak/sim/logs/)");
        }
        return clusters;
    }

    /** The running clusters (left running after), or fresh ones brought up now and taken down by {@link #close()}. */
    static SimulatedClusters upUnlessRunning(Path project, PrintWriter out, PrintWriter err, String what) {
        if (running(project)) {
            return new SimulatedClusters(project, out, err);
        }
        out.println("firebreak: no simulated clusters running: starting them (./firebreak up), and stopping them after " + what);
        return up(project, out, err);
    }

    /** Takes down the clusters this brought up; nothing when they were running before. */
    @Override
    public void close() {
        if (onInterrupt == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is running, or about to
        }
        onInterrupt = null;
        down();
    }

    private void down() {
        FirebreakSim.run(new PrintWriter(PrintWriter.nullWriter()), err, "--project", project.toString(), "down");
    }
}
