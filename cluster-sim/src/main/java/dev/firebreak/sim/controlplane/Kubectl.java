package dev.firebreak.sim.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kubectl, run as a person runs it against the simulated clusters: with the kubeconfig {@code up}
 * wrote and a context {@code firebreak-<site>}. The deployment goes through it, not around it:
 * {@code kubectl apply -k k8s/clusters/<site>} is exactly the command for a real cluster.
 */
public final class Kubectl {

    /** What a kubectl run printed. */
    public record Result(int exitCode, String out, String err) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path kubeconfig;

    public Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    /** Runs {@code kubectl --context firebreak-<site> args...}, waiting at most {@code seconds}. */
    public Result run(String site, long seconds, String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--context", ControlPlanes.CONTEXT_PREFIX + site));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var out = drain(p.getInputStream());
            var err = drain(p.getErrorStream());
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "kubectl " + String.join(" ", args) + " did not finish in " + seconds + " s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to deploy to the simulated clusters: install it (Debian package "
                    + "'kubectl', or see https://kubernetes.io/docs/tasks/tools/)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stream to its end on a thread of its own, so a full pipe never blocks kubectl and a hung kubectl never blocks us. */
    private static java.util.concurrent.CompletableFuture<byte[]> drain(java.io.InputStream in) {
        var bytes = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread reader = new Thread(() -> {
            try (in) {
                bytes.complete(in.readAllBytes());
            } catch (IOException e) {
                bytes.complete(new byte[0]);
            }
        }, "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    /** {@code kubectl apply -k <overlay>}; fails with kubectl's own words when the API server refuses anything. */
    public String apply(String site, Path overlay) {
        Result r = run(site, 120, "apply", "-k", overlay.toString());
        if (!r.ok()) {
            throw new IllegalStateException("kubectl --context " + ControlPlanes.CONTEXT_PREFIX + site + " apply -k " + overlay
                    + " failed:\n" + r.err().strip());
        }
        return r.out();
    }
}
