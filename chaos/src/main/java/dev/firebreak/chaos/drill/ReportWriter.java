package dev.firebreak.chaos.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.firebreak.chaos.history.Rule;
import dev.firebreak.chaos.load.Recorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a drill's {@link Report} as {@code report.json} (the contract), {@code report.md} (the
 * scorecard) and {@code report.html} (the scorecard and, per service, a timeline of successes,
 * errors and p99 latency per second with the drill's events marked; one file, no scripts, readable
 * without a server).
 *
 * <p>Over 300 lines on purpose: the HTML report is one self-contained file (inline SVG charts),
 * and its markup is most of this class.
 */
public final class ReportWriter {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /** Events worth a line on the charts: the drill's steps and the edge's decisions. */
    private static final Set<String> MARKED = Set.of("REGION_LOST", "PROMOTED", "DEGRADED_TO_ASYNC", "SYNC_RESTORED", "FENCED",
            "REJOINED", "RESUMED", "PROMOTION_REFUSED", "TRAFFIC_SWITCHED");

    private ReportWriter() {
    }

    /** The reports' look (the drill's and the capacity ramp's): no scripts, no fonts fetched. */
    public static final String STYLE = """
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
            table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}
            th:first-child,td:first-child{text-align:left}td.obj{text-align:left;white-space:nowrap}.pass{color:#17803d}.fail{color:#b3261e}
            svg{background:#fafafa;border:1px solid #ddd;margin:.5em 0 1.5em}
            .legend span{display:inline-block;margin-right:1.2em}.sw{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin-right:.3em}
            </style>""";

    public static void write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + dir, e);
        }
    }

    /** The one-screen scorecard (also what the terminal shows at the end). */
    public static String scorecard(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s — %s: %s in %.0f s%n", r.experiment(), r.title(), r.passed() ? "PASSED" : "FAILED", r.durationSeconds()));
        b.append(String.format("%-14s %8s %7s %8s %8s %8s %8s %7s %6s %6s %6s %8s %s%n", "service", "requests", "errors", "clients",
                "failed", "p50 ms", "p99 ms", "RTO s", "acked", "lost", "dup", "doubt", "objectives"));
        r.services().forEach((name, s) -> b.append(String.format("%-14s %8d %6.2f%% %8d %7.2f%% %8.0f %8.0f %7.2f %6d %6d %6d %8s %s%n",
                name, s.requests(), 100 * s.errorRate(), clients(s).activities(), 100 * clients(s).failureRate(), latency(s).p50Ms(),
                s.p99Ms(), s.rtoSeconds(), s.acknowledgedWrites(), s.lostWrites(), s.duplicatedWrites(),
                s.inDoubtWrites() + "/" + s.inDoubtCommitted(), objectives(s.objectives()))));
        if (r.consistency() != null) {
            Report.Consistency c = r.consistency();
            b.append(String.format("history: %d operations, %s%n", c.operations(), c.violations() == 0
                    ? "no consistency violation (" + c.perRule().size() + " rules)"
                    : c.violations() + " CONSISTENCY VIOLATIONS " + violated(c)));
            c.examples().stream().limit(5).forEach(e -> b.append("! ").append(e).append('\n'));
        }
        r.services().forEach((name, s) -> {
            if (!s.errorCauses().isEmpty()) {
                b.append(String.format("%-14s errors: ", name)).append(s.errorCauses().entrySet().stream().limit(3)
                        .map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining("; "))).append('\n');
            }
        });
        r.steadyState().stream().filter(c -> !c.held())
                .forEach(c -> b.append("steady state ").append(c.when()).append(" failed: ").append(c.probe()).append(" (")
                        .append(c.detail()).append(")\n"));
        r.problems().forEach(p -> b.append("! ").append(p).append('\n'));
        r.services().forEach((name, s) -> s.problems().stream().limit(10).forEach(p -> b.append("! ").append(name).append(": ")
                .append(p).append('\n')));
        return b.toString();
    }

    /** What clients saw; an empty view for a report written before clients were counted. */
    private static Report.ClientView clients(Report.ServiceReport s) {
        return s.clients() == null ? new Report.ClientView(0, 0, 0, 0) : s.clients();
    }

    private static Report.Latency latency(Report.ServiceReport s) {
        return s.latency() == null ? new Report.Latency(0, 0, s.p99Ms(), 0, 0) : s.latency();
    }

    private static String violated(Report.Consistency c) {
        return c.perRule().entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The checker's verdict per rule, as a Markdown table. */
    private static String consistencyMarkdown(Report.Consistency c) {
        StringBuilder b = new StringBuilder("\n## Consistency of what clients saw (").append(c.history()).append(")\n\n");
        b.append(String.format(Locale.ROOT, "%d operations checked; %d writes left in doubt, %d of them found committed by the read-back.%n%n",
                c.operations(), c.inDoubt(), c.inDoubtCommitted()));
        b.append("| rule | holds | violations |\n|---|---|---|\n");
        for (Rule rule : Rule.values()) {
            Integer n = c.perRule().get(rule.id());
            if (n != null) {
                b.append("| `").append(rule.id()).append("`: ").append(rule.statement()).append(" | ").append(n == 0 ? "✓" : "✗")
                        .append(" | ").append(n).append(" |\n");
            }
        }
        if (!c.examples().isEmpty()) {
            b.append("\n```\n");
            c.examples().forEach(e -> b.append(e).append('\n'));
            b.append("```\n");
        }
        return b.toString();
    }

    private static String objectives(Map<String, Report.Objective> objectives) {
        StringBuilder b = new StringBuilder();
        objectives.forEach((name, o) -> b.append(mark(o)).append(' ').append(name).append(' ')
                .append(number(o.measured())).append(o.passed() ? " ≤ " : " > ").append(number(o.target())).append("  "));
        return b.toString().trim();
    }

    /** ✓ held, ✗ failed, ~ missed but not graded. */
    private static String mark(Report.Objective o) {
        return o.passed() ? "✓" : o.graded() ? "✗" : "~";
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.3f", d);
    }

    static String markdown(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.experiment()).append(": ").append(r.title()).append("\n\n");
        b.append("**").append(r.passed() ? "Passed" : "Failed").append("**, started ").append(r.started())
                .append(String.format(", %.0f s.%n%n", r.durationSeconds()));
        b.append("| service | requests | attempt errors | activities | client-visible failures (dropped) | p50 / p90 / p99 / p99.9 ms "
                + "| RTO s | acknowledged | lost | duplicated | in doubt (committed) |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        r.services().forEach((name, s) -> b.append(String.format(Locale.ROOT,
                "| %s | %d | %.2f %% | %d | %.2f %% (%d) | %.0f / %.0f / %.0f / %.0f | %.2f | %d | %d | %d | %d (%d) |%n", name, s.requests(),
                100 * s.errorRate(), clients(s).activities(), 100 * clients(s).failureRate(), clients(s).dropped(), latency(s).p50Ms(),
                latency(s).p90Ms(), latency(s).p99Ms(), latency(s).p999Ms(), s.rtoSeconds(), s.acknowledgedWrites(), s.lostWrites(),
                s.duplicatedWrites(), s.inDoubtWrites(), s.inDoubtCommitted())));
        b.append("\nLatencies are corrected for coordinated omission: from when each activity was due, failed requests at the "
                + "client's timeout.\n");
        b.append("\n## Objectives\n\n| service | objective | target | measured | |\n|---|---|---|---|---|\n");
        r.services().forEach((name, s) -> s.objectives().forEach((o, v) -> b.append("| ").append(name).append(" | ").append(o).append(" | ")
                .append(number(v.target())).append(" | ").append(number(v.measured())).append(" | ").append(mark(v)).append(v.graded() ? "" : " (not graded)")
                .append(" |\n")));
        if (r.services().values().stream().anyMatch(s -> !s.errorCauses().isEmpty())) {
            b.append("\n## Errors by cause\n\n| service | cause | requests |\n|---|---|---|\n");
            r.services().forEach((name, s) -> s.errorCauses().forEach((cause, n) -> b.append("| ").append(name).append(" | ").append(cause)
                    .append(" | ").append(n).append(" |\n")));
        }
        if (r.consistency() != null) {
            b.append(consistencyMarkdown(r.consistency()));
        }
        b.append("\n## Steady state\n\n");
        r.steadyState().forEach(c -> b.append("- ").append(c.when()).append(": ").append(c.probe()).append(c.held() ? " held" : " **did not hold**")
                .append(String.format(Locale.ROOT, " (%.1f s; %s)%n", c.afterSeconds(), c.detail())));
        b.append("\n## Timeline (seconds since the load started)\n\n");
        r.events().forEach(e -> b.append(String.format(Locale.ROOT, "- %.2f s `%s` %s%n", e.time(), e.kind(), e.detail())));
        if (!r.problems().isEmpty() || r.services().values().stream().anyMatch(s -> !s.problems().isEmpty())) {
            b.append("\n## Problems\n\n");
            r.problems().forEach(p -> b.append("- ").append(p).append('\n'));
            r.services().forEach((name, s) -> s.problems().forEach(p -> b.append("- ").append(name).append(": ").append(p).append('\n')));
        }
        return b.toString();
    }

    static String html(Report r) {
        StringBuilder b = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                %s</head><body>
                """.formatted(escape(r.experiment()), STYLE));
        b.append("<h1>").append(escape(r.experiment())).append(": ").append(escape(r.title())).append("</h1>");
        b.append("<p class=\"").append(r.passed() ? "pass" : "fail").append("\"><strong>").append(r.passed() ? "Passed" : "Failed")
                .append("</strong> &middot; started ").append(r.started()).append(String.format(" &middot; %.0f s</p>", r.durationSeconds()));
        b.append("<table><tr><th>service</th><th>requests</th><th>attempt errors</th><th>client-visible failures</th>"
                + "<th>p50 / p99 / p99.9 ms</th><th>RTO s</th><th>acknowledged</th>"
                + "<th>lost</th><th>duplicated</th><th>in doubt (committed)</th><th>objectives</th></tr>");
        r.services().forEach((name, s) -> b.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%.2f %%</td><td>%.2f %% of %d</td><td>%.0f / %.0f / %.0f</td><td>%.2f</td><td>%d</td><td>%d</td>"
                        + "<td>%d</td><td>%d (%d)</td><td class=\"obj\">%s</td></tr>",
                name, s.requests(), 100 * s.errorRate(), 100 * clients(s).failureRate(), clients(s).activities(), latency(s).p50Ms(),
                s.p99Ms(), latency(s).p999Ms(), s.rtoSeconds(), s.acknowledgedWrites(), s.lostWrites(),
                s.duplicatedWrites(), s.inDoubtWrites(), s.inDoubtCommitted(), escape(objectives(s.objectives())).replace("  ", "<br>"))));
        b.append("</table>");
        if (r.consistency() != null) {
            Report.Consistency c = r.consistency();
            b.append("<h2>Consistency of what clients saw</h2><p>").append(c.operations()).append(" operations in <a href=\"")
                    .append(escape(c.history())).append("\">").append(escape(c.history())).append("</a>; ").append(c.inDoubt())
                    .append(" writes in doubt, ").append(c.inDoubtCommitted()).append(" found committed.</p><table><tr><th>rule</th><th>violations</th></tr>");
            for (Rule rule : Rule.values()) {
                Integer n = c.perRule().get(rule.id());
                if (n != null) {
                    b.append("<tr><td><code>").append(rule.id()).append("</code> ").append(escape(rule.statement())).append("</td><td class=\"")
                            .append(n == 0 ? "pass\">✓ 0" : "fail\">✗ " + n).append("</td></tr>");
                }
            }
            b.append("</table>");
            if (!c.examples().isEmpty()) {
                b.append("<pre>").append(escape(String.join("\n", c.examples()))).append("</pre>");
            }
        }
        b.append("<p class=\"legend\"><span><i class=\"sw\" style=\"background:#3a9a5b\"></i>successes per second</span>"
                + "<span><i class=\"sw\" style=\"background:#d64541\"></i>errors per second</span>"
                + "<span><i class=\"sw\" style=\"background:#3467c2\"></i>p99 latency (right axis)</span>"
                + "<span><i class=\"sw\" style=\"background:#777\"></i>events (hover for detail)</span></p>");
        r.services().forEach((name, s) -> {
            b.append("<h2>").append(escape(name)).append("</h2>").append(chart(name, s.timeline(), r.events()));
            if (!s.errorCauses().isEmpty()) {
                b.append("<p>Errors by cause: ").append(s.errorCauses().entrySet().stream()
                        .map(e -> escape(e.getKey()) + " &times;" + e.getValue()).collect(Collectors.joining("; "))).append("</p>");
            }
        });
        b.append("<h2>Timeline</h2><table><tr><th>s</th><th>event</th><th>detail</th></tr>");
        r.events().forEach(e -> b.append(String.format(Locale.ROOT, "<tr><td>%.2f</td><td>%s</td><td style=\"text-align:left\">%s</td></tr>",
                e.time(), escape(e.kind()), escape(e.detail()))));
        b.append("</table><h2>Steady state</h2><ul>");
        r.steadyState().forEach(c -> b.append("<li>").append(escape(c.when() + ": " + c.probe())).append(c.held() ? " held" : " <strong class=\"fail\">did not hold</strong>")
                .append(" (").append(escape(c.detail())).append(")</li>"));
        b.append("</ul>");
        if (!r.problems().isEmpty()) {
            b.append("<h2>Problems</h2><ul>");
            r.problems().forEach(p -> b.append("<li>").append(escape(p)).append("</li>"));
            b.append("</ul>");
        }
        return b.append("</body></html>\n").toString();
    }

    /**
     * An inline SVG: bars of successes and errors per second, the p99 line, and a marker per event
     * (the drill's steps, the witness's decisions, and the edge's traffic switches for {@code service}).
     */
    static String chart(String service, List<Recorder.Second> timeline, List<Report.Event> events) {
        int width = 1000;
        int height = 220;
        int left = 50;
        int right = 60;
        int top = 20;
        int bottom = 30;
        long seconds = Math.max(1, timeline.stream().mapToLong(Recorder.Second::second).max().orElse(0) + 1);
        double maxCount = Math.max(1, timeline.stream().mapToLong(x -> x.ok() + x.errors()).max().orElse(1));
        double maxP99 = Math.max(1, timeline.stream().mapToDouble(Recorder.Second::p99Ms).max().orElse(1));
        double plotW = width - left - right;
        double plotH = height - top - bottom;
        double barW = plotW / seconds;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"requests per second\">", width, height,
                width, height));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#999\"/>", left, height - bottom,
                width - right + 0.0, height - bottom));
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%.0f/s</text>", top + 4, maxCount));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#3467c2\">%.0f ms</text>", width - right + 4,
                top + 4, maxP99));
        StringBuilder p99 = new StringBuilder();
        for (Recorder.Second s : timeline) {
            double x = left + s.second() * barW;
            double okH = plotH * s.ok() / maxCount;
            double errH = plotH * s.errors() / maxCount;
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#3a9a5b\"><title>%ds: %d ok</title></rect>",
                    x, height - bottom - okH, Math.max(1, barW - 1), okH, s.second(), s.ok()));
            if (s.errors() > 0) {
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d64541\"><title>%ds: %d errors</title></rect>",
                        x, height - bottom - okH - errH, Math.max(1, barW - 1), errH, s.second(), s.errors()));
            }
            if (s.ok() > 0) {
                p99.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + barW / 2, height - bottom - plotH * s.p99Ms() / maxP99));
            }
        }
        b.append("<polyline fill=\"none\" stroke=\"#3467c2\" stroke-width=\"1.5\" points=\"").append(p99.toString().trim()).append("\"/>");
        double[] rowEnds = new double[5];
        java.util.Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
        for (Report.Event e : events) {
            boolean step = !e.kind().equals(e.kind().toUpperCase(Locale.ROOT)) && !e.kind().equals("steady-state");
            if (!step && !MARKED.contains(e.kind())) {
                continue;
            }
            // Traffic switches are per service: each chart shows its own service's.
            if (e.kind().equals("TRAFFIC_SWITCHED") && service != null && !e.detail().contains("/" + service + ":")) {
                continue;
            }
            double x = left + e.time() * barW;
            if (x < left || x > width - right) {
                continue;
            }
            String color = step ? "#b3261e" : "#555";
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\">"
                    + "<title>%.2f s %s: %s</title></line>", x, top, x, height - bottom, color, e.time(), escape(e.kind()), escape(e.detail())));
            String label = step ? e.kind() : e.kind().toLowerCase(Locale.ROOT).replace('_', ' ');
            // Labels go on the first row where they do not overlap the last one; with no room, the line alone says it.
            for (int row = 0; row < rowEnds.length; row++) {
                if (rowEnds[row] < x) {
                    b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"%s\">%s</text>", x + 2,
                            top + 10 + 11 * row, color, escape(label)));
                    rowEnds[row] = x + 4 + 5.6 * label.length();
                    break;
                }
            }
        }
        for (long t = 0; t < seconds; t += Math.max(1, seconds / 10)) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#666\">%ds</text>", left + t * barW,
                    height - 10, t));
        }
        return b.append("</svg>").toString();
    }

    public static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
