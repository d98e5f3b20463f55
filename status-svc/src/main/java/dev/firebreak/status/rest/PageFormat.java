package dev.firebreak.status.rest;

import dev.firebreak.status.model.FunctionView;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.Incident;
import dev.firebreak.status.model.Page;
import dev.firebreak.status.model.TimelineEntry;
import dev.firebreak.status.model.Overview.State;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the page writes times, durations and states: for people, in UTC. */
@TemplateExtension
public final class PageFormat {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PageFormat() {
    }

    /** {@code 17:20:01}; a dash for none. */
    static String clock(Instant at) {
        return at == null ? "—" : CLOCK.format(at);
    }

    /** {@code 2026-12-01 17:20:01}. */
    static String stamp(Instant at) {
        return at == null ? "—" : DAY_CLOCK.format(at);
    }

    /** {@code 45 s}, {@code 3 min 5 s}, {@code 2 h 4 min}. */
    static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
    }

    /** How long ago {@code at} was, as of {@code now}. */
    static String lasting(Instant at, Instant now) {
        return at == null ? "" : words(Duration.between(at, now));
    }

    /** CSS class and label of a state (null: not known yet). */
    static String css(State state) {
        return state == null ? "unknown" : state.name().toLowerCase();
    }

    static String label(State state) {
        if (state == null) {
            return "Checking";
        }
        return switch (state) {
            case OPERATIONAL -> "Operational";
            case DEGRADED -> "Degraded";
            case DOWN -> "Down";
        };
    }

    static String css(FunctionView f) {
        return css(f.state());
    }

    static String label(FunctionView f) {
        return label(f.state());
    }

    static String css(Incident i) {
        return i.ongoing() ? css(i.worst()) : "resolved";
    }

    static String css(Health h) {
        return switch (h) {
            case UP -> "operational";
            case DOWN, UNREACHABLE -> "down";
            case UNKNOWN -> "unknown";
        };
    }

    /** An offset within an incident: {@code +2.4 s} or {@code -0.8 s}. */
    static String offset(Double seconds) {
        return seconds == null ? "" : (seconds >= 0 ? "+" : "") + String.format(java.util.Locale.ROOT, "%.1f s", seconds);
    }

    static String css(Page p) {
        return css(p.overall());
    }

    static String css(FunctionView.UptimeMinute m) {
        return m.samples() == 0 ? "none" : css(m.worst());
    }

    static String label(FunctionView.UptimeMinute m) {
        return m.samples() == 0 ? "no data" : label(m.worst()) + " (" + m.down() + " of " + m.samples() + " checks down)";
    }

    /** Whether the edge is configured and not answering. */
    static boolean gone(EdgeView e) {
        return e.watched() && e.health() == Health.UNREACHABLE;
    }

    static String lag(EdgeView.Database d) {
        return bytes(d.lagBytes());
    }

    static String offset(TimelineEntry e) {
        return offset(e.offsetSeconds());
    }

    static String lasted(TimelineEntry e) {
        return e.afterSeconds() == null ? "" : "(lasted " + words(Duration.ofSeconds(e.afterSeconds())) + ")";
    }

    static String where(TimelineEntry e) {
        return (e.region() == null ? "" : e.region()) + (e.service() == null ? "" : "/" + e.service());
    }

    static String duration(Incident i) {
        return words(Duration.ofSeconds(i.durationSeconds()));
    }

    static String bytes(Long n) {
        if (n == null) {
            return "—";
        }
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? (n / 1024) + " KiB" : (n / (1024 * 1024)) + " MiB";
    }
}
