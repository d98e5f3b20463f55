package dev.firebreak.sim.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Starts every process of the simulator from one thread that lives as long as the simulator, and
 * starts them with {@code setpriv --pdeathsig KILL}: the kernel kills a child when the thread that
 * started it ends, so a simulator that crashes or is killed leaves no pod or database behind.
 * (The death signal follows the starting thread, which is why there is exactly one, long-lived.)
 */
public final class ProcessSpawner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProcessSpawner.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "process-spawner");
        t.setDaemon(true);
        return t;
    });
    private final boolean setpriv;

    public ProcessSpawner() {
        this.setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv"));
        if (!setpriv) {
            LOG.warn("setpriv (util-linux) is missing: if the simulator crashes, its processes outlive it");
        }
    }

    /** Starts {@code command} with exactly {@code env}, in {@code dir}, appending its output to {@code log}. */
    public Process spawn(List<String> command, Map<String, String> env, Path dir, Path log) {
        return call(() -> {
            List<String> full = new ArrayList<>();
            if (setpriv) {
                full.addAll(List.of("setpriv", "--pdeathsig", "KILL", "--"));
            }
            full.addAll(command);
            Files.createDirectories(dir);
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().clear();
            pb.environment().putAll(env);
            try {
                return pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + command.get(0), e);
            }
        });
    }

    /** Runs {@code work} (which may start processes, e.g. a database) on the spawning thread. */
    public <T> T call(Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
