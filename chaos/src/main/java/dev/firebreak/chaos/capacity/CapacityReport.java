package dev.firebreak.chaos.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firebreak.chaos.drill.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A capacity ramp written down: {@code capacity.json} (every step, every service), {@code capacity.md}
 * (the table) and {@code capacity.html} (the table and a chart of rate against p50/p99 and attempt
 * errors, an inline SVG in the drill reports' style, no scripts).
 */
public record CapacityReport(String machine, String commit, Ramp.Bounds bounds, double holdSeconds, double knee, List<Ramp.Step> steps) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, String> COLOUR = Map.of("messaging-svc", "#3467c2", "payment-svc", "#17803d", "taxi-svc", "#c26a00");

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("capacity.json"), JSON.writeValueAsString(this), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("capacity.md"), markdown(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("capacity.html"), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the capacity report to " + dir, e);
        }
    }

    String markdown() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "# Capacity%n%nKnee: **%.0f activities/s** (the highest rate held for %.0f s with every service's p99 <= %.0f ms and "
                        + "attempt errors <= %.2f %%) on %s, commit %s.%n%n", knee, holdSeconds, bounds.p99Ms(), 100 * bounds.errorRate(),
                machine, commit));
        b.append("| rate /s | started | dropped | service | p50 ms | p99 ms | p99.9 ms | attempt errors | client-visible failures | |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Ramp.Step step : steps) {
            step.services().forEach((name, s) -> b.append(String.format(Locale.ROOT, "| %.0f | %d | %d | %s | %.0f | %.0f | %.0f | %.2f %% | %.2f %% | %s |%n",
                    step.rate(), step.started(), step.dropped(), name, s.p50Ms(), s.p99Ms(), s.p999Ms(), 100 * s.errorRate(),
                    100 * s.clientFailureRate(), step.held() ? "✓" : "✗")));
        }
        return b.toString();
    }

    String html() {
        StringBuilder b = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Firebreak capacity</title>
                %s<style>td:nth-child(4){text-align:left}</style></head><body>
                """.formatted(ReportWriter.STYLE));
        b.append(String.format(Locale.ROOT, "<h1>Capacity: knee at %.0f activities/s</h1><p>%s &middot; commit %s &middot; each rate held %.0f s;"
                + " bounds: p99 &le; %.0f ms, attempt errors &le; %.2f %% in every service</p>", knee, ReportWriter.escape(machine), ReportWriter.escape(commit),
                holdSeconds, bounds.p99Ms(), 100 * bounds.errorRate()));
        b.append("<p class=\"legend\">");
        COLOUR.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append("<span><i class=\"sw\" style=\"background:")
                .append(e.getValue()).append("\"></i>").append(e.getKey()).append(" p99 (solid), p50 (dashed)</span>"));
        b.append("<span><i class=\"sw\" style=\"background:#d64541\"></i>attempt errors, worst service (right axis)</span></p>");
        b.append(chart());
        b.append("<table><tr><th>rate /s</th><th>started</th><th>dropped</th><th>service</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th>"
                + "<th>attempt errors</th><th>client-visible failures</th><th></th></tr>");
        for (Ramp.Step step : steps) {
            step.services().forEach((name, s) -> b.append(String.format(Locale.ROOT,
                    "<tr><td>%.0f</td><td>%d</td><td>%d</td><td>%s</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.2f %%</td><td>%.2f %%</td>"
                            + "<td class=\"%s\">%s</td></tr>", step.rate(), step.started(), step.dropped(), name, s.p50Ms(), s.p99Ms(), s.p999Ms(),
                    100 * s.errorRate(), 100 * s.clientFailureRate(), step.held() ? "pass" : "fail", step.held() ? "✓" : "✗")));
        }
        return b.append("</table></body></html>\n").toString();
    }

    /** Rate (x) against latency (left axis, ms) per service, and the worst attempt error rate (right axis, %). */
    String chart() {
        int w = 900;
        int h = 360;
        int left = 60;
        int right = 60;
        int top = 20;
        int bottom = 40;
        double maxRate = steps.stream().mapToDouble(Ramp.Step::rate).max().orElse(1);
        double maxMs = Math.max(bounds.p99Ms() * 1.1, steps.stream().mapToDouble(Ramp.Step::worstP99).max().orElse(1) * 1.1);
        double maxErr = Math.max(bounds.errorRate() * 2, steps.stream().mapToDouble(Ramp.Step::worstErrorRate).max().orElse(0) * 1.1);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", w, h, w, h));
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        java.util.function.DoubleUnaryOperator x = r -> left + plotW * r / maxRate;
        java.util.function.DoubleUnaryOperator yMs = ms -> top + plotH * (1 - Math.min(ms, maxMs) / maxMs);
        java.util.function.DoubleUnaryOperator yErr = e -> top + plotH * (1 - Math.min(e, maxErr) / maxErr);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#b3261e\" stroke-dasharray=\"2 4\"><title>p99 bound %.0f ms</title></line>",
                left, yMs.applyAsDouble(bounds.p99Ms()), w - right, yMs.applyAsDouble(bounds.p99Ms()), bounds.p99Ms()));
        for (int i = 0; i <= 4; i++) {
            double ms = maxMs * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.0f ms</text>", left - 4,
                    yMs.applyAsDouble(ms) + 4, ms));
            double err = maxErr * i / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\">%.2f %%</text>", w - right + 4,
                    yErr.applyAsDouble(err) + 4, 100 * err));
        }
        for (Ramp.Step step : steps) {
            double cx = x.applyAsDouble(step.rate());
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%.0f/s</text>", cx, h - bottom + 16,
                    step.rate()));
            double bar = Math.max(2, plotW / Math.max(8, steps.size() * 3));
            double ey = yErr.applyAsDouble(step.worstErrorRate());
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#d64541\" opacity=\".5\"><title>%.0f/s: attempt errors %.2f %%</title></rect>",
                    cx - bar / 2, ey, bar, top + plotH - ey, step.rate(), 100 * step.worstErrorRate()));
        }
        for (String service : COLOUR.keySet().stream().sorted().toList()) {
            List<String> p99 = new ArrayList<>();
            List<String> p50 = new ArrayList<>();
            for (Ramp.Step step : steps) {
                Ramp.ServiceStep st = step.services().get(service);
                if (st != null) {
                    p99.add(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(step.rate()), yMs.applyAsDouble(st.p99Ms())));
                    p50.add(String.format(Locale.ROOT, "%.1f,%.1f", x.applyAsDouble(step.rate()), yMs.applyAsDouble(st.p50Ms())));
                }
            }
            s.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLOUR.get(service)).append("\" points=\"")
                    .append(String.join(" ", p99)).append("\"><title>").append(service).append(" p99</title></polyline>");
            s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" stroke=\"").append(COLOUR.get(service))
                    .append("\" points=\"").append(String.join(" ", p50)).append("\"><title>").append(service).append(" p50</title></polyline>");
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">activities started per second (open loop)</text>",
                left + plotW / 2, h - 6));
        return s.append("</svg>").toString();
    }
}
