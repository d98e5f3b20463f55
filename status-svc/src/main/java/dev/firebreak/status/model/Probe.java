package dev.firebreak.status.model;

import java.util.Map;

/**
 * One poll of one target: its health, the checks that are down (name → their data, which says
 * what is wrong), its circuit breakers (name → state), how long it took, and the error if it did
 * not answer.
 *
 * @param noAnswer the probe timed out: on its own a suspicion, not a verdict (a starved prober or
 *     a slow moment looks the same as a dead target); see {@code StatusBoard#record}
 */
public record Probe(Health health, Map<String, Object> failingChecks, Map<String, String> breakers, long latencyMs,
        String error, boolean noAnswer, java.time.Instant identityExpiresAt) {

    public Probe(Health health, Map<String, Object> failingChecks, Map<String, String> breakers, long latencyMs, String error) {
        this(health, failingChecks, breakers, latencyMs, error, false, null);
    }

    /** The same probe, with when the target's own identity (its service token) expires, as it reports. */
    public Probe withIdentityExpiresAt(java.time.Instant expiresAt) {
        return new Probe(health, failingChecks, breakers, latencyMs, error, noAnswer, expiresAt);
    }

    /** The target cannot be reached, for certain: refused, reset, or its probe breaker is open. */
    public static Probe unreachable(String error, long latencyMs) {
        return new Probe(Health.UNREACHABLE, Map.of(), Map.of(), latencyMs, error, false, null);
    }

    /** The target did not answer within the probe timeout. */
    public static Probe noAnswer(String error, long latencyMs) {
        return new Probe(Health.UNREACHABLE, Map.of(), Map.of(), latencyMs, error, true, null);
    }
}
