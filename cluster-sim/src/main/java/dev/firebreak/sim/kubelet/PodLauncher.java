package dev.firebreak.sim.kubelet;

import java.util.List;

/** How a pod's container becomes a command line on this machine (the container runtime's job). */
@FunctionalInterface
public interface PodLauncher {

    List<String> command(Pod pod);

    /**
     * The pod's process has ended; {@code graceful}: it exited by itself or on SIGTERM, not
     * killed (called once or more per process; the launcher may keep what the process wrote).
     */
    default void ended(Pod pod, boolean graceful) {
    }

    /** The pod's container has started: its startup probe passed (or it has none). Called on the kubelet's event loop: must not block. */
    default void started(Pod pod, Process process) {
    }
}
