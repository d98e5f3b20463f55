package dev.firebreak.chaos.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The client side of the drill: plain HTTP with a bound per request, never an exception for a failure. */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One answer; {@code status} is -1 when none came (timeout, reset, refused), with {@code error}
     * saying why; {@code retryAfter} is the server's {@code Retry-After} (in seconds), null when none.
     */
    public record Answer(int status, String body, String servedBy, String error, Duration retryAfter) {

        public Answer(int status, String body, String servedBy, String error) {
            this(status, body, servedBy, error, null);
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode();
            }
        }

        /** What this answer means for a write that carries its own idempotency key. */
        public Outcome writeOutcome() {
            if (ok()) {
                return Outcome.ACKED;
            }
            if (status == 400 || status == 401 || status == 403 || status == 404 || status == 409 || status == 422) {
                return Outcome.REJECTED;
            }
            if (status == 503 && !json().path("outcomeUnknown").asBoolean(false)) {
                return Outcome.FAILED;
            }
            return Outcome.IN_DOUBT;
        }

        /**
         * Why it failed, in a few words that group alike failures: the HTTP status and problem
         * type ({@code HTTP 503 region-unavailable, outcome unknown}), or why no answer came
         * ({@code no answer: HttpTimeoutException}).
         */
        public String cause() {
            if (status < 0) {
                String why = error == null ? "unknown" : error.split(":", 2)[0];
                return "no answer: " + why;
            }
            JsonNode problem = json();
            String type = problem.path("type").asText("");
            String slug = type.isEmpty() ? "" : " " + type.substring(type.lastIndexOf('/') + 1);
            return "HTTP " + status + slug + (problem.path("outcomeUnknown").asBoolean(false) ? ", outcome unknown" : "");
        }

        /** What this answer means for a read. */
        public Outcome readOutcome() {
            return ok() ? Outcome.ACKED : status >= 400 && status < 500 ? Outcome.REJECTED : Outcome.FAILED;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public Api(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2)).build();
    }

    /** How long a request may take before its client stops waiting. */
    public Duration timeout() {
        return timeout;
    }

    public Answer send(String method, String url, Map<String, String> headers, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        headers.forEach(b::header);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("X-Firebreak-Region").orElse(null), null,
                    r.headers().firstValue("Retry-After").map(Api::retryAfter).orElse(null));
        } catch (IOException e) {
            return new Answer(-1, null, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, null, "interrupted");
        }
    }

    /** {@code Retry-After} in seconds; null for an HTTP date or garbage (a client that cannot read it waits its own way). */
    static Duration retryAfter(String header) {
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
