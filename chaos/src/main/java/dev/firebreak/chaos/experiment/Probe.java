package dev.firebreak.chaos.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One hypothesis about the steady state, checked before the method (it must hold at once, within
 * its tolerance) and after the rollbacks (it must hold again within its tolerance).
 */
public record Probe(Kind kind, String region, Duration within, String when) {

    /** Whether the probe is checked {@code before} the method, {@code after} it, or both. */
    public boolean checkedAt(String moment) {
        return when.equals("both") || when.equals(moment);
    }

    /** What a probe looks at. */
    public enum Kind {
        /** Every pod (Deployment) ready and every standby streaming synchronously. */
        ALL_READY,
        /** The edge has a healthy region for every service. */
        EDGE_SERVES,
        /** The database primary is in {@code region}. */
        PRIMARY;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Kind of(String id) {
            return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "unknown probe '" + id + "' (known: " + String.join(", ", Arrays.stream(values()).map(Kind::id).toList()) + ")"));
        }
    }

    @JsonCreator
    static Probe of(@JsonProperty(value = "probe", required = true) String probe, @JsonProperty("region") String region,
            @JsonProperty("within") String within, @JsonProperty("when") String when) {
        Kind kind = Kind.of(probe);
        if (kind == Kind.PRIMARY && (region == null || region.isBlank())) {
            throw new IllegalArgumentException("probe primary needs region");
        }
        String moment = when == null ? "both" : when;
        if (!java.util.Set.of("before", "after", "both").contains(moment)) {
            throw new IllegalArgumentException("when must be before, after or both, not '" + when + "'");
        }
        Duration tolerance = Spans.parse("within", within);
        return new Probe(kind, region, tolerance == null ? Duration.ofSeconds(120) : tolerance, moment);
    }

    public String describe() {
        return kind.id() + (region == null ? "" : " " + region);
    }
}
