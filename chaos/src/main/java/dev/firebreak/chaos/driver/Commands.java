package dev.firebreak.chaos.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs command lines for {@link KubectlDriver}; tests record them instead. */
public interface Commands {

    /** Runs {@code argv} (with {@code stdin} when not null) and returns its standard output; throws when it fails. */
    String run(List<String> argv, String stdin);

    /** Real processes, each bounded by two minutes. */
    static Commands processes() {
        return (argv, stdin) -> {
            try {
                Process p = new ProcessBuilder(argv).start();
                CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
                if (stdin != null) {
                    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                p.getOutputStream().close();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", argv) + " did not finish within 2 minutes");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", argv) + " failed (" + p.exitValue() + "): " + err.join().strip());
                }
                return out.join();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot run " + argv.get(0) + ": " + e.getMessage()
                        + " (the kubectl driver needs kubectl, and kind and docker for whole-cluster faults)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private static String drain(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
