package dev.firebreak.chaos.cli;

import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The simulated clusters around a command that needs them: whether they run, bringing them up
 * when none do, and taking down after the command only what it brought up, on Ctrl-C too. Up and
 * down are the launcher's own {@code ./firebreak up} and {@code down}, so the simulator runs exactly
 * as when an operator starts it: its own classpath and JVM flags, the services' jars and the
 * control planes built first when their sources changed.
 */
final class SimulatedClusters implements AutoCloseable {

    private final Path project;
    private final PrintWriter err;
    private Thread onInterrupt;

    private SimulatedClusters(Path project, PrintWriter err) {
        this.project = project;
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
        SimulatedClusters clusters = new SimulatedClusters(project, err);
        clusters.onInterrupt = new Thread(clusters::down, "firebreak-down");
        Runtime.getRuntime().addShutdownHook(clusters.onInterrupt);
        if (clusters.launcher("up", out) != 0) {
            clusters.close();
            throw new IllegalStateException("the simulated clusters did not come up (.firebreak/simulator.log, .firebreak/sim/logs/)");
        }
        return clusters;
    }

    /** The running clusters (left running after), or fresh ones brought up now and taken down by {@link #close()}. */
    static SimulatedClusters upUnlessRunning(Path project, PrintWriter out, PrintWriter err, String what) {
        if (running(project)) {
            return new SimulatedClusters(project, err);
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
        if (launcher("down", new PrintWriter(PrintWriter.nullWriter())) != 0) {
            err.println("firebreak: ./firebreak down failed: stop the simulated clusters by hand (./firebreak down)");
        }
    }

    /** {@code ./firebreak COMMAND} in the checkout, its output to {@code to}; its exit code. */
    private int launcher(String command, PrintWriter to) {
        try {
            Process p = new ProcessBuilder(project.resolve("firebreak").toString(), command).directory(project.toFile())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    to.println(line);
                    to.flush();
                });
            }
            return p.waitFor();
        } catch (java.io.IOException e) {
            err.println("firebreak: could not run ./firebreak " + command + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
