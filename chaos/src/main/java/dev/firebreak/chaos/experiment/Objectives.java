package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one service is graded against: the longest client-visible outage (RTO), the attempt error
 * rate (every request), the client-visible failure rate (activities that failed after their
 * retries, or were never started), the p99 latency, and the writes lost (RPO: none by default)
 * and duplicated (none by default).
 */
public record Objectives(Double rtoSeconds, Double errorRate, Double p99Ms, long lostWrites, long duplicatedWrites,
        Double clientFailureRate) {

    @JsonCreator
    static Objectives of(@JsonProperty("rtoSeconds") Double rtoSeconds, @JsonProperty("errorRate") Double errorRate,
            @JsonProperty("p99Ms") Double p99Ms, @JsonProperty("lostWrites") Long lostWrites,
            @JsonProperty("duplicatedWrites") Long duplicatedWrites, @JsonProperty("clientFailureRate") Double clientFailureRate) {
        if (rtoSeconds != null && rtoSeconds < 0 || errorRate != null && (errorRate < 0 || errorRate > 1) || p99Ms != null && p99Ms <= 0
                || lostWrites != null && lostWrites < 0 || duplicatedWrites != null && duplicatedWrites < 0
                || clientFailureRate != null && (clientFailureRate < 0 || clientFailureRate > 1)) {
            throw new IllegalArgumentException("objectives: rtoSeconds ≥ 0, errorRate and clientFailureRate 0..1, p99Ms > 0, "
                    + "lostWrites and duplicatedWrites ≥ 0");
        }
        return new Objectives(rtoSeconds, errorRate, p99Ms, lostWrites == null ? 0 : lostWrites,
                duplicatedWrites == null ? 0 : duplicatedWrites, clientFailureRate);
    }
}
