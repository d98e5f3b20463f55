package dev.firebreak.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.chaos.load.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path dir;

    private static Report report(double rtoTarget) {
        Map<String, Report.Objective> objectives = new LinkedHashMap<>();
        objectives.put("rtoSeconds", new Report.Objective(rtoTarget, 2.4));
        objectives.put("lostWrites", new Report.Objective(0, 0));
        objectives.put("duplicatedWrites", new Report.Objective(0, 0));
        List<Recorder.Second> timeline = List.of(new Recorder.Second(0, 10, 0, 0, 40), new Recorder.Second(1, 2, 5, 0, 900),
                new Recorder.Second(2, 11, 0, 0, 60));
        Map<String, Long> causes = new LinkedHashMap<>();
        causes.put("HTTP 503 region-unavailable, outcome unknown", 3L);
        causes.put("no answer: HttpTimeoutException", 2L);
        Report.ServiceReport payments = new Report.ServiceReport(28, 5, 5 / 28.0, causes, 900, 2.4, 23, 2, 1, 0, 0, objectives, timeline,
                List.of(), new Report.ClientView(25, 1, 0, 0.04), new Report.Latency(40, 60, 900, 2900, 3000));
        Map<String, Report.ServiceReport> services = Map.of("payment-svc", payments);
        List<Report.Check> checks = List.of(new Report.Check("before", "primary region-a", true, 0.1, "primary in region-a"));
        List<Report.Event> events = List.of(new Report.Event(0.9, "kill-cluster", "kill-cluster region-a"),
                new Report.Event(1.6, "PROMOTED", "region-b: promoted <epoch 2>"));
        Report.Consistency consistency = new Report.Consistency(120, 0, Map.of("chat.gapless", 0), List.of(), 2, 1, "history.jsonl");
        return new Report("region-a-fire", "Region A burns", Grader.passed(checks, services, List.of(), consistency),
                Instant.parse("2026-12-01T10:00:00Z"), 42, events, checks, services, List.of(), Instant.parse("2026-12-01T10:00:05Z"),
                consistency);
    }

    @Test
    void reportJsonHasTheContractFields() throws Exception {
        ReportWriter.write(report(10), dir);

        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.path("experiment").asText()).isEqualTo("region-a-fire");
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("started").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(json.path("durationSeconds").asDouble()).isEqualTo(42);
        assertThat(json.path("events").get(1).path("kind").asText()).isEqualTo("PROMOTED");
        JsonNode payments = json.path("services").path("payment-svc");
        for (String field : List.of("requests", "errors", "errorRate", "p99Ms", "rtoSeconds", "acknowledgedWrites", "inDoubtWrites",
                "lostWrites", "duplicatedWrites")) {
            assertThat(payments.has(field)).as(field).isTrue();
        }
        assertThat(payments.path("rtoSeconds").asDouble()).isEqualTo(2.4);
        assertThat(payments.path("objectives").path("rtoSeconds").path("target").asDouble()).isEqualTo(10);
        assertThat(payments.path("objectives").path("rtoSeconds").path("measured").asDouble()).isEqualTo(2.4);
        assertThat(payments.path("objectives").path("rtoSeconds").path("passed").asBoolean()).isTrue();
        assertThat(payments.path("errorCauses").path("HTTP 503 region-unavailable, outcome unknown").asLong()).isEqualTo(3);
        assertThat(payments.path("clients").path("failureRate").asDouble()).isEqualTo(0.04);
        assertThat(payments.path("latency").path("p999Ms").asDouble()).isEqualTo(2900);
        assertThat(json.path("consistency").path("perRule").path("chat.gapless").asInt()).isZero();
        assertThat(json.path("consistency").path("history").asText()).isEqualTo("history.jsonl");
    }

    @Test
    void aConsistencyViolationFailsTheDrillEvenOnDataAloneAndIsShownWithItsEvidence() throws Exception {
        Report r = report(10);
        Report.Consistency broken = new Report.Consistency(120, 1, Map.of("chat.gapless", 0, "payments.monotonic-reads", 1),
                List.of("payments.monotonic-reads: u1 read its balance as of entry 13 after it had read it as of entry 15"), 0, 0,
                "history.jsonl");
        Report bad = new Report(r.experiment(), r.title(), Grader.passed(r.steadyState(), r.services(), r.problems(), broken), r.started(),
                r.durationSeconds(), r.events(), r.steadyState(), r.services(), r.problems(), r.loadStarted(), broken);

        assertThat(bad.passed()).isFalse();
        assertThat(bad.gradedOnData().passed()).isFalse();
        ReportWriter.write(bad, dir);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("payments.monotonic-reads", "| ✗ | 1 |", "entry 13");
        assertThat(ReportWriter.scorecard(bad)).contains("1 CONSISTENCY VIOLATIONS payments.monotonic-reads ×1");
        // Every column has its heading above it.
        String[] lines = ReportWriter.scorecard(bad).split("\n");
        assertThat(lines[1].indexOf("doubt") + "doubt".length()).isEqualTo(lines[2].indexOf("2/1") + "2/1".length());
    }

    @Test
    void theReportsSayWhyRequestsFailed() throws Exception {
        ReportWriter.write(report(10), dir);

        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Errors by cause",
                "| payment-svc | HTTP 503 region-unavailable, outcome unknown | 3 |", "| payment-svc | no answer: HttpTimeoutException | 2 |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("Errors by cause: HTTP 503 region-unavailable, outcome unknown &times;3");
        assertThat(ReportWriter.scorecard(report(10))).contains("payment-svc    errors: HTTP 503 region-unavailable, outcome unknown ×3; "
                + "no answer: HttpTimeoutException ×2");
    }

    @Test
    void htmlChartsEachServiceWithTheEventsMarkedAndNeedsNoScripts() throws Exception {
        ReportWriter.write(report(10), dir);

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<svg", "5 errors", "kill-cluster region-a", "promoted", "payment-svc").doesNotContain("<script");
        assertThat(Files.readString(dir.resolve("report.md"))).contains(
                "| payment-svc | 28 | 17.86 % | 25 | 4.00 % (0) | 40 / 60 / 900 / 2900 | 2.40 | 23 | 0 | 0 | 2 (1) |");
    }

    @Test
    void aMissedObjectiveFailsTheDrillAndTheScorecardSaysWhich() {
        Report failed = report(0.001);

        assertThat(failed.passed()).isFalse();
        assertThat(ReportWriter.scorecard(failed)).contains("FAILED", "✗ rtoSeconds 2.400 > 0.001", "✓ lostWrites 0 ≤ 0");
    }

    @Test
    void gradedOnDataAMissedRtoIsReportedButDoesNotFail() {
        Report data = report(0.001).gradedOnData();

        assertThat(data.passed()).isTrue();
        assertThat(data.services().get("payment-svc").objectives().get("rtoSeconds").passed()).isFalse();
        assertThat(ReportWriter.scorecard(data)).contains("~ rtoSeconds 2.400 > 0.001");
    }

    @Test
    void gradedOnDataALostWriteStillFails() {
        Report r = report(10);
        Map<String, Report.Objective> objectives = new LinkedHashMap<>(r.services().get("payment-svc").objectives());
        objectives.put("lostWrites", new Report.Objective(0, 1));
        Report.ServiceReport s = r.services().get("payment-svc");
        Report lost = new Report(r.experiment(), r.title(), false, r.started(), r.durationSeconds(), r.events(), r.steadyState(),
                Map.of("payment-svc", new Report.ServiceReport(s.requests(), s.errors(), s.errorRate(), s.errorCauses(), s.p99Ms(), s.rtoSeconds(),
                        s.acknowledgedWrites(), s.inDoubtWrites(), s.inDoubtCommitted(), 1, 0, objectives, s.timeline(), s.problems(),
                        s.clients(), s.latency())),
                r.problems(), r.loadStarted(), r.consistency());

        assertThat(lost.gradedOnData().passed()).isFalse();
    }
}
