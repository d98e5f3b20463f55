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

    /**
     * The installation's identity (signing keys, key set, service tokens) for everything run from
     * this checkout: the simulated clusters, {@code ./firebreak dev} and {@code ./firebreak token}.
     * Kept across runs, so a token printed once works on every later {@code up}.
     */
    public Path identity() {
        return root.resolve("identity");
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
