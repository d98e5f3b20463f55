package dev.firebreak.sim.control;

import java.nio.file.Path;

/** Where the simulator keeps everything under a checkout's {@code .firebreak/}. */
public record Layout(Path root) {

    public static Layout of(Path project) {
        return new Layout(project.resolve(".firebreak"));
    }

    /** One run's state: logs, Secrets, data; emptied by each {@code up}. */
    public Path state() {
        return root.resolve("sim");
    }

    /** The installation's signing keys of the running simulation. */
    public Path identity() {
        return state().resolve("identity");
    }

    /** A site's name resolution in the running simulation ({@code HostsFile}). */
    public Path hostsFile(String site) {
        return state().resolve(site).resolve("hosts");
    }

    public Path controlFile() {
        return root.resolve("simulator.json");
    }

    public Path daemonLog() {
        return root.resolve("simulator.log");
    }
}
