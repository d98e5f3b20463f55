package dev.firebreak.status.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** status-svc settings ({@code status.*}). */
@ConfigMapping(prefix = "status")
public interface StatusConfig {

    /** How often every target is polled ({@code off} disables polling). */
    @WithDefault("2s")
    String pollInterval();

    /** Bound on one probe of one target (health and breakers together). */
    @WithDefault("2s")
    Duration probeTimeout();

    /** Samples kept per target; at the default 2 s interval, 360 is the last 12 minutes. */
    @WithDefault("360")
    int historySize();

    /** Incidents kept, newest first; older ones are dropped. */
    @WithDefault("500")
    int incidentLimit();

    /** What to watch, by a name of your choosing (e.g. {@code payment-a}). */
    Map<String, Target> targets();

    /** One service instance or Service address in one region. */
    interface Target {
        /** Base URL; {@code /q/health} and {@code /ops/circuit-breakers} are appended. */
        String url();

        /** Region (cluster) the target runs in, e.g. {@code region-a}. */
        String region();

        /** Service the target is an instance of, e.g. {@code payment-svc}. */
        String service();
    }
}
