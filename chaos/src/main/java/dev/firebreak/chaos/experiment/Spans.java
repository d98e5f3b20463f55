package dev.firebreak.chaos.experiment;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in experiment files: {@code 500ms}, {@code 10s}, {@code 2m}. */
final class Spans {

    private static final Pattern SPAN = Pattern.compile("(\\d+)(ms|s|m)");

    private Spans() {
    }

    static Duration parse(String what, String value) {
        if (value == null) {
            return null;
        }
        Matcher m = SPAN.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " must be a duration like 500ms, 10s or 2m, not '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }
}
