package dev.firebreak.sim.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The CPU priority of the pods' processes. On a real cluster the network, the database hosts, the
 * clients and every node have cores of their own; here they share two. So:
 * <ul>
 *   <li>a running pod is one step behind the rest of the simulator ({@code nice 5}): busy pods must
 *       not starve the simulated network, the PostgreSQL servers or the drill's load generator;</li>
 *   <li>a starting pod is further behind ({@code nice 15}) until its startup probe passes: a region
 *       coming back starts a dozen JVMs at once, whose class loading and compiling would otherwise take
 *       the cores from the region that serves meanwhile (on real clusters the returning region's
 *       nodes start them on their own cores). It uses what the serving pods leave over.</li>
 * </ul>
 * Raising a process's priority again needs root (Linux lets others only lower it), so without it
 * pods start at {@code nice 5} and stay there. Linux keeps a nice value per thread, so raising a
 * started JVM renices each of its threads.
 */
final class PodPriority {

    private static final Logger LOG = Logger.getLogger(PodPriority.class);

    static final int RUNNING = 5;
    static final int STARTING = 15;
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path RENICE = Path.of("/usr/bin/renice");

    private final boolean available;
    private final boolean canRaise;

    PodPriority() {
        this(Files.isExecutable(NICE), Files.isExecutable(RENICE) && runningAsRoot());
    }

    PodPriority(boolean available, boolean canRaise) {
        this.available = available;
        this.canRaise = available && canRaise;
    }

    /** What goes before a pod's command: {@code nice -n 15} when it can be raised once started, else {@code nice -n 5}. */
    List<String> prefix() {
        if (!available) {
            return List.of();
        }
        return List.of("nice", "-n", String.valueOf(canRaise ? STARTING : RUNNING));
    }

    /**
     * The pod has started: every thread of its process to the running priority, now and once more a
     * second later (a thread that an unchanged one started in between inherited the starting priority).
     */
    void started(Process process) {
        if (!canRaise) {
            return;
        }
        CompletableFuture.runAsync(() -> raise(process.pid()))
                .thenRunAsync(() -> raise(process.pid()), CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
    }

    private static void raise(long pid) {
        List<String> tids;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            tids = tasks.map(t -> t.getFileName().toString()).toList();
        } catch (IOException gone) {
            return; // the process has ended
        }
        List<String> cmd = new ArrayList<>(List.of(RENICE.toString(), "-n", String.valueOf(RUNNING), "-p"));
        cmd.addAll(tids);
        try {
            // Not waited for: renice is done in milliseconds, and the common pool this runs on is not for blocking.
            new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.warnf("Could not raise pid %d to nice %d: %s", pid, RUNNING, e.getMessage());
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
