package dev.firebreak.chaos.overhead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A proxy under measurement as a process of its own, on one CPU of its own when given one
 * ({@code taskset}): the way a front door runs on a node of its own, where nothing else waits for
 * its core. Stopped by its PID on {@link #close()}.
 */
public final class ProxyProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final String url;

    private ProxyProcess(String name, Process process, Path log, String url) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Where clients reach it, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /**
     * Starts {@code command} (pinned to {@code cpu} when not null) with its output in {@code log},
     * listening at {@code url}, and waits until {@code readyPath} there answers what {@code answers}
     * accepts.
     */
    public static ProxyProcess start(String name, List<String> command, Integer cpu, Path log, String url, String readyPath,
            Predicate<String> answers, Duration patience) {
        URI ready = URI.create(url + readyPath);
        List<String> cmd = new ArrayList<>();
        if (cpu != null) {
            cmd.addAll(List.of("taskset", "-c", String.valueOf(cpu)));
        }
        cmd.addAll(command);
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " (" + String.join(" ", cmd) + "): " + e.getMessage(), e);
        }
        ProxyProcess proxy = new ProxyProcess(name, process, log, url);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready: " + proxy.logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && answers.test(r.body())) {
                    return proxy;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                proxy.close();
                throw new IllegalStateException("Interrupted while " + name + " started", e);
            }
            sleep(200);
        }
        proxy.close();
        throw new IllegalStateException(name + " was not ready within " + patience.toSeconds() + " s (" + ready + "): " + proxy.logTail());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
