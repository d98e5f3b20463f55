package dev.firebreak.sim.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Talks to a running simulator's control API, found through {@code .firebreak/simulator.json}. */
public final class ControlClient {

    /** There is no running simulator. */
    public static final class NotUpException extends RuntimeException {
        public NotUpException() {
            super("the simulated clusters are not up: run ./firebreak up");
        }
    }

    /**
     * What the daemon writes once its control API listens: its PID and start time identify it, and
     * the per-run secret ({@code token}) every call must carry. The file is readable by its owner
     * only: whoever can read it may kill clusters, as whoever holds a kubeconfig may.
     */
    public record ControlFile(long pid, java.time.Instant started, int port, String token) {

        public static ControlFile ofThisProcess(ControlServer server) {
            ProcessHandle self = ProcessHandle.current();
            return new ControlFile(self.pid(), self.info().startInstant().orElse(null), server.port(), server.token());
        }

        /** Writes the file (mode 0600, set before the secret is in it). */
        public void write(Path file) throws IOException {
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Json.MAPPER.writeValueAsString(this));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path controlFile;

    public ControlClient(Path controlFile) {
        this.controlFile = controlFile;
    }

    /** The daemon's control file, if it exists and its process is alive. */
    public Optional<ControlFile> daemon() {
        if (!Files.isRegularFile(controlFile)) {
            return Optional.empty();
        }
        try {
            ControlFile cf = Json.MAPPER.readValue(controlFile.toFile(), ControlFile.class);
            // A stale file's PID may since belong to another process: only the one started then counts.
            return ProcessHandle.of(cf.pid()).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(s -> s.equals(cf.started())).orElse(true))
                    .map(p -> cf);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public SimStatus status() {
        return read(get("/status"), SimStatus.class);
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        ControlFile cf = daemon().orElseThrow(NotUpException::new);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cf.port() + path)).header("Authorization", "Bearer " + cf.token());
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> resp = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = resp.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(resp.body());
            if (resp.statusCode() >= 400) {
                throw new IllegalStateException(body.path("detail").asText(resp.body()));
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("the simulator does not answer (" + e.getMessage() + "); see .firebreak/simulator.log", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
