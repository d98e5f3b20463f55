package dev.firebreak.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.chaos.cli.ChaosCli;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.ControlServer;
import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.control.Layout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main job, as a user runs it: {@code drill region-a-fire} (the shipped file, graded on data
 * as CI must on a noisy machine) through the command line, against simulated clusters with every
 * service built; then a drill with an objective nobody can meet, which must fail and say which.
 */
@TestMethodOrder(OrderAnnotation.class)
class DrillIT {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** A checkout-like home for the command line: its .firebreak/ holds this simulator's control file and keys. */
    static final Path HOME = Path.of("target/drill-home").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static Simulator sim;
    static ControlServer control;

    @BeforeAll
    static void up() throws Exception {
        Layout layout = Layout.of(HOME);
        Files.createDirectories(layout.root());
        sim = Simulator.prepare(new Simulator.Options(ROOT, layout.state(), Path.of("target/drill-cache").toAbsolutePath(), 1, 60,
                Duration.ofMillis(2)));
        sim.up();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> sim.status().ready());
        control = new ControlServer(sim, () -> { });
        Files.writeString(layout.controlFile(), Json.MAPPER.writeValueAsString(ControlClient.ControlFile.ofThisProcess(control.port())));
    }

    @AfterAll
    static void down() throws Exception {
        if (control != null) {
            control.close();
        }
        if (sim != null) {
            sim.close();
        }
        Files.deleteIfExists(Layout.of(HOME).controlFile());
    }

    record Outcome(int code, String output, JsonNode report) {
    }

    static Outcome drill(String... args) throws Exception {
        Path out = HOME.resolve("reports").resolve(args[0]);
        StringWriter text = new StringWriter();
        // Progress shows in the build log as it happens; the test reads all of it after.
        PrintWriter w = new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                text.write(buf, off, len);
                System.out.print(new String(buf, off, len));
            }

            @Override
            public void flush() {
                System.out.flush();
            }

            @Override
            public void close() {
            }
        }, true);
        List<String> argv = new ArrayList<>(List.of("--project", HOME.toString(), "drill"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--out", out.toString()));
        int code = ChaosCli.run(w, w, argv.toArray(String[]::new));
        Path json = out.resolve("report.json");
        return new Outcome(code, text.toString(), Files.isRegularFile(json) ? JSON.readTree(json.toFile()) : null);
    }

    @Test
    @Order(1)
    void regionAFireLosesNothingAndFailsBack() throws Exception {
        Outcome o = drill("region-a-fire", "--experiments", ROOT.resolve("chaos/experiments").toString(), "--data-only");

        assertThat(o.report()).as(o.output()).isNotNull();
        JsonNode r = o.report();
        for (JsonNode check : r.path("steadyState")) {
            assertThat(check.path("held").asBoolean()).as(check.toString()).isTrue();
        }
        for (String service : List.of("messaging-svc", "payment-svc", "taxi-svc")) {
            JsonNode s = r.path("services").path(service);
            assertThat(s.path("requests").asLong()).as(service + " requests").isPositive();
            assertThat(s.path("acknowledgedWrites").asLong()).as(service + " acknowledged").isPositive();
            assertThat(s.path("lostWrites").asLong()).as(service + " lost: " + s.path("problems")).isZero();
            assertThat(s.path("duplicatedWrites").asLong()).as(service + " duplicated: " + s.path("problems")).isZero();
            assertThat(s.path("problems")).as(service + " problems").isEmpty();
            // Reported, not graded here: a loaded CI machine is no place to hold a time objective.
            assertThat(s.path("rtoSeconds").isNumber()).isTrue();
            assertThat(s.path("timeline")).isNotEmpty();
        }
        List<String> kinds = new ArrayList<>();
        r.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
        assertThat(kinds).containsSubsequence("kill-cluster", "PROMOTED", "restore-cluster", "REJOINED", "switchover");
        assertThat(Files.readString(HOME.resolve("reports/region-a-fire/report.html"))).contains("<svg", "kill-cluster");
        assertThat(o.code()).as(o.output()).isZero();
        assertThat(r.path("passed").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void aBrokenObjectiveFailsTheDrillAndTheScorecardNamesIt() throws Exception {
        Path dir = Files.createDirectories(HOME.resolve("experiments"));
        Files.writeString(dir.resolve("impossible.yaml"), """
                title: Payments with an RTO nobody can meet
                load: {rate: 10, duration: 8s, mix: {payments: 1}}
                steadyState:
                  - probe: all-ready
                objectives:
                  payment-svc: {rtoSeconds: 0.001}
                """);

        Outcome o = drill("impossible", "--experiments", dir.toString());

        assertThat(o.code()).as(o.output()).isEqualTo(1);
        assertThat(o.output()).contains("FAILED", "✗ rtoSeconds");
        assertThat(o.report().path("passed").asBoolean()).isFalse();
        JsonNode rto = o.report().path("services").path("payment-svc").path("objectives").path("rtoSeconds");
        assertThat(rto.path("passed").asBoolean()).isFalse();
        assertThat(rto.path("measured").asDouble()).isGreaterThan(0.001);
        assertThat(o.report().path("services").path("payment-svc").path("lostWrites").asLong()).isZero();
    }

    @Test
    @Order(3)
    void anInvalidExperimentIsRefusedWithItsLineAndExitCode2() throws Exception {
        Path dir = Files.createDirectories(HOME.resolve("experiments"));
        Files.writeString(dir.resolve("typo.yaml"), """
                title: A typo
                load: {duration: 8s}
                method:
                  - at: 2s
                    action: kill-clustr
                    cluster: region-a
                """);

        Outcome o = drill("typo", "--experiments", dir.toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.output()).contains("typo.yaml line 5", "unknown action 'kill-clustr'");
        assertThat(o.report()).isNull();
    }
}
