package dev.firebreak.sim.cli;

import dev.firebreak.sim.control.ControlClient;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Stops the simulator and checks that every process it started (pods, databases) is gone. The
 * simulator stops pods gracefully; whatever is still alive after that is killed by PID.
 */
@Command(name = "down", description = "Stop every pod, database and proxy of the simulated clusters.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    FirebreakSim root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ControlClient client = new ControlClient(root.layout().controlFile());
        var daemon = client.daemon();
        if (daemon.isEmpty()) {
            out.println("firebreak: nothing is running");
            return 0;
        }
        ProcessHandle handle = ProcessHandle.of(daemon.get().pid()).orElseThrow();
        int stopped = stop(handle, client);
        out.println("firebreak: down; none of its " + stopped + " processes (simulator, pods, database servers) is left");
        return 0;
    }

    /**
     * Asks the daemon to stop, waits for it and its descendants, and kills by PID whatever outlives
     * the grace periods. Returns how many processes there were.
     */
    static int stop(ProcessHandle daemon, ControlClient client) {
        List<ProcessHandle> descendants = daemon.descendants().toList();
        try {
            client.post("/down", "{}");
        } catch (RuntimeException e) {
            daemon.destroy(); // not answering: SIGTERM runs the same shutdown
        }
        if (!await(daemon, 60)) {
            daemon.destroy();
            if (!await(daemon, 10)) {
                daemon.destroyForcibly();
            }
        }
        for (ProcessHandle p : descendants) {
            if (!await(p, 10)) {
                p.destroyForcibly();
                await(p, 5);
            }
        }
        return descendants.size() + 1;
    }

    private static boolean await(ProcessHandle p, int seconds) {
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !p.isAlive();
        }
    }
}
