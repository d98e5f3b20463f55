package dev.firebreak.status.model;

import java.util.Map;

/**
 * One poll of one target: its health, the checks that are down (name → their data, which says
 * what is wrong), its circuit breakers (name → state), how long it took, and the error if it did
 * not answer.
 */
public record Probe(Health health, Map<String, Object> failingChecks, Map<String, String> breakers, long latencyMs,
        String error) {

    public static Probe unreachable(String error, long latencyMs) {
        return new Probe(Health.UNREACHABLE, Map.of(), Map.of(), latencyMs, error);
    }
}
