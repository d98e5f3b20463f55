package dev.firebreak.chaos.driver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.driver.Driver.ProbeResult;
import dev.firebreak.chaos.load.Api;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What both drivers ask the edge (docs/edge.md): whether every service has a healthy region
 * behind it, and a planned switchover of the database primary (the failback after a region
 * comes back), which the witness refuses until the standby is synchronous again.
 */
final class EdgeAdmin {

    /** The witness's answers that mean "not yet": the returning region is still catching up or starting its pods. */
    private static final Set<String> NOT_YET = Set.of("switchover-needs-both", "standby-not-synchronous", "standby-not-caught-up",
            "target-not-serving");

    private final Api api;
    private final String adminBearer;

    EdgeAdmin(String adminBearer) {
        // A switchover waits for the standby to replay everything (up to 15 s) and re-seeds the old primary.
        this.api = new Api(Duration.ofSeconds(90));
        this.adminBearer = adminBearer;
    }

    ProbeResult serves(String edge) {
        Api.Answer a = api.send("GET", edge + "/edge/regions", Map.of(), null);
        if (!a.ok()) {
            return new ProbeResult(false, "the edge answered " + a.status() + (a.error() == null ? "" : " " + a.error()));
        }
        JsonNode regions = a.json();
        StringBuilder missing = new StringBuilder();
        regions.path("serving").fields().forEachRemaining(e -> {
            boolean healthy = false;
            for (JsonNode r : regions.path("regions")) {
                if (r.path("name").asText().equals(e.getValue().asText())) {
                    for (JsonNode svc : r.path("services")) {
                        healthy |= svc.path("service").asText().equals(e.getKey()) && svc.path("healthy").asBoolean();
                    }
                }
            }
            if (!healthy) {
                missing.append(e.getKey()).append(' ');
            }
        });
        return new ProbeResult(missing.isEmpty(), missing.isEmpty() ? "every service served by a healthy region"
                : "no healthy region for " + missing.toString().trim());
    }

    /**
     * Moves the primary to {@code to}, waiting up to {@code patience} while the witness says the
     * standby is not ready yet; does nothing when {@code to} holds the primary already.
     */
    void switchover(String edge, String to, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Api.Answer a = api.send("POST", edge + "/edge/admin/switchover", Map.of("Authorization", adminBearer),
                    Api.json(Map.of("to", to)));
            if (a.ok()) {
                return;
            }
            String problem = problem(a);
            if (problem.equals("already-primary")) {
                return;
            }
            if (!NOT_YET.contains(problem) || System.nanoTime() > deadline) {
                throw new IllegalStateException("switchover to " + to + ": " + a.status() + " "
                        + (a.error() != null ? a.error() : a.json().path("detail").asText(a.body())));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private static String problem(Api.Answer a) {
        String type = a.json().path("type").asText("");
        return type.substring(type.lastIndexOf('/') + 1);
    }
}
