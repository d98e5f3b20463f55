package dev.firebreak.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.chaos.cli.ChaosCli;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.history.Rule;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.ControlServer;
import dev.firebreak.sim.control.Layout;
import dev.firebreak.sim.controlplane.Kubectl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main job, as a user runs it: {@code drill region-a-fire} (the shipped file, graded on data
 * as CI must on a noisy machine) through the command line, against simulated clusters with every
 * service built, with the status page open in a real browser on both regions throughout; then a
 * drill with an objective nobody can meet, which must fail and say which.
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
        ControlClient.ControlFile.ofThisProcess(control).write(layout.controlFile());
    }

    @AfterAll
    static void down() throws Exception {
        if (pages != null) {
            pages.close();
        }
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

    /** The status page as two people saw it during the fire (null when no browser could run here). */
    static StatusPageWatcher pages;
    static JsonNode fireReport;

    @Test
    @Order(1)
    void regionAFireLosesNothingAndFailsBack() throws Exception {
        CompletableFuture<Outcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return drill("region-a-fire", "--experiments", ROOT.resolve("chaos/experiments").toString(), "--data-only");
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        CompletableFuture<List<KubectlSample>> kubectl = watchRegionAWithKubectl(running);
        watchTheStatusPages(running);
        Outcome o = running.get(10, TimeUnit.MINUTES);
        fireReport = o.report();
        List<KubectlSample> samples = kubectl.get(1, TimeUnit.MINUTES);

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
            assertThat(s.path("clients").path("activities").asLong()).as(service + " activities").isPositive();
            assertThat(s.path("latency").path("p99Ms").asDouble()).as(service + " p99").isPositive();
        }
        // What clients read was checked, rule by rule, from the history the drill wrote beside its report.
        JsonNode consistency = r.path("consistency");
        assertThat(consistency.path("perRule").size()).as("every rule graded").isEqualTo(Rule.values().length);
        assertThat(consistency.path("violations").asLong()).as(consistency.path("examples").toString()).isZero();
        List<History.Op> history = History.read(HOME.resolve("reports/region-a-fire/history.jsonl"));
        assertThat(history).extracting(History.Op::f).contains("send", "read-room", "transfer", "read-balance", "audit",
                "request-ride", "complete", "final-room", "final-ledger", "final-ride");
        assertThat(history).as("its operations are the ones the checker counted").hasSize(consistency.path("operations").asInt());
        List<String> kinds = new ArrayList<>();
        r.path("events").forEach(e -> kinds.add(e.path("kind").asText()));
        // The switchover step is timed from its start: it retries until region-a's rebuilt standby is synchronous,
        // so REJOINED may come while it waits; the failback's promotion comes after it either way.
        assertThat(kinds).containsSubsequence("kill-cluster", "PROMOTED", "restore-cluster", "switchover", "PROMOTED").contains("REJOINED");
        assertThat(Files.readString(HOME.resolve("reports/region-a-fire/report.html"))).contains("<svg", "kill-cluster");
        assertThat(o.code()).as(o.output()).isZero();
        assertThat(r.path("passed").asBoolean()).isTrue();

        // kubectl against region-a answered before the fire, failed while region-a had no power (its API
        // server burned with it), and lists every pod Ready again since the restore, with nobody's help.
        Instant loadStarted = Instant.parse(r.path("loadStarted").asText());
        Instant killed = loadStarted.plusMillis((long) (eventTime(r, "kill-cluster") * 1000));
        Instant restored = loadStarted.plusMillis((long) (eventTime(r, "restore-cluster") * 1000));
        assertThat(samples).as("kubectl get pods before the fire").anyMatch(k -> k.at().isBefore(killed) && k.answered());
        assertThat(samples).as("kubectl get pods while region-a burned: " + samples)
                .anyMatch(k -> k.at().isAfter(killed.plusSeconds(1)) && k.at().isBefore(restored) && !k.answered());
        assertThat(samples).filteredOn(k -> k.at().isAfter(killed.plusSeconds(5)) && k.at().isBefore(restored))
                .as("no answer from a dead cluster").noneMatch(KubectlSample::answered);
        assertThat(samples.get(samples.size() - 1)).as("kubectl get pods after the restore: " + samples)
                .matches(k -> k.answered() && k.allReady());
    }

    /** What {@code kubectl --context firebreak-region-a get pods} said at one moment of the fire. */
    record KubectlSample(Instant at, boolean answered, boolean allReady) {
    }

    /** A person's kubectl against region-a every two seconds while the drill runs. */
    private static CompletableFuture<List<KubectlSample>> watchRegionAWithKubectl(CompletableFuture<Outcome> drill) {
        return CompletableFuture.supplyAsync(() -> {
            List<KubectlSample> samples = new ArrayList<>();
            Kubectl kubectl = new Kubectl(sim.options().kubeconfig());
            while (!drill.isDone()) {
                Instant at = Instant.now();
                Kubectl.Result r = kubectl.run("region-a", 30, "get", "pods", "-n", "firebreak", "--request-timeout=5s", "-o",
                        "jsonpath={range .items[*]}{.status.containerStatuses[0].ready}{\" \"}{end}");
                samples.add(new KubectlSample(at, r.ok(), r.ok() && r.out().contains("true") && !r.out().contains("false")));
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return samples;
        }, task -> {
            Thread t = new Thread(task, "kubectl-region-a");
            t.setDaemon(true);
            t.start();
        });
    }

    private static double eventTime(JsonNode report, String kind) {
        for (JsonNode e : report.path("events")) {
            if (e.path("kind").asText().equals(kind)) {
                return e.path("time").asDouble();
            }
        }
        throw new AssertionError("no " + kind + " in the report");
    }

    /**
     * Meanwhile, one person has the status page open on region-b and another on region-a, from
     * before the kill to after the failback, and never reloads.
     */
    private static void watchTheStatusPages(CompletableFuture<Outcome> drill) throws Exception {
        Optional<String> missing = StatusPageWatcher.unavailable();
        if (missing.isPresent()) {
            System.out.println("\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
                    + "\n!!! SKIPPING the status page browser test: " + missing.get()
                    + "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
            return;
        }
        pages = new StatusPageWatcher(Path.of("target/status-page").toAbsolutePath());
        Map<String, String> urls = sim.status().urls();
        pages.open("region-b", urls.get("statusPage-region-b"));
        pages.open("region-a", urls.get("statusPage-region-a"));
        pages.watchUntil(drill::isDone, Duration.ofMinutes(8));
        // After the drill the pages stay open a little longer, as a person's would: region-a's (a new
        // status-svc since the fire) reconnects by itself, and region-b's closes the incident once
        // everything has been operational for status.incident-quiet. The test below judges what they showed.
        pages.watchUntil(() -> pages.text("region-a").contains("PROMOTED") && pages.lastSeen("region-b").allClear(),
                Duration.ofSeconds(60));
        pages.screenshot("region-b-final");
        pages.screenshot("region-a-final");
    }

    @Test
    @Order(2)
    void theStatusPageFollowedTheFireLiveFromEitherRegion() throws Exception {
        assumeTrue(pages != null, "SKIPPED LOUDLY: " + StatusPageWatcher.unavailable().orElse("the fire drill did not run"));
        try {
            Instant started = Instant.parse(fireReport.path("loadStarted").asText());
            double killAt = 0;
            for (JsonNode e : fireReport.path("events")) {
                if (e.path("kind").asText().equals("kill-cluster")) {
                    killAt = e.path("time").asDouble();
                    break;
                }
            }
            Instant kill = started.plusMillis((long) (killAt * 1000));
            List<StatusPageWatcher.Seen> b = pages.changes("region-b");
            b.forEach(s -> System.out.printf("status page on region-b at kill%+.1f s: %s%n", Duration.between(kill, s.at()).toMillis() / 1000.0, s));

            StatusPageWatcher.Seen before = b.stream().filter(s -> s.at().isBefore(kill)).reduce((x, y) -> y)
                    .orElseThrow(() -> new AssertionError("region-b's page was not seen before the kill: " + b));
            // Payments worked before the fire (on a loaded machine a probe may flap just before the kill, so
            // not necessarily at the last look).
            assertThat(b.stream().filter(s -> s.at().isBefore(kill)).map(StatusPageWatcher.Seen::payments))
                    .as("payments before the kill: " + b).contains("operational");
            // The fire shows as a new incident, or joins one already open (on a loaded machine another
            // function may have been degraded for a moment just before): either way payments leave
            // "operational" on a page whose incident is ongoing.
            StatusPageWatcher.Seen incident = b.stream().filter(s -> s.at().isAfter(kill) && s.ongoing()
                            && (s.incidents() > before.incidents() || !"operational".equals(s.payments())))
                    .findFirst().orElseThrow(() -> new AssertionError("region-b's page never showed the fire as an incident: " + b));
            double shownAfter = Duration.between(kill, incident.at()).toMillis() / 1000.0;
            System.out.printf("status page on region-b showed the incident %.1f s after the kill%n", shownAfter);
            // The target is 3 s (docs/status-page.md has the measurements); CI's loaded machine gets slack.
            assertThat(shownAfter).as("seconds from the kill to the incident on region-b's page").isLessThan(8.0);
            StatusPageWatcher.Seen degraded = b.stream().filter(s -> !s.at().isBefore(incident.at()) && "degraded".equals(s.payments()))
                    .findFirst().orElseThrow(() -> new AssertionError("region-b's page never showed payments degraded: " + b));
            assertThat(b.stream().filter(s -> s.at().isAfter(degraded.at()))
                    .anyMatch(s -> "operational".equals(s.payments()) && !s.ongoing()))
                    .as("region-b's page showed the recovery, with the incident resolved: " + b
                            + "\nwhat it said at the end: " + pages.functions("region-b")).isTrue();
            assertThat(pages.neverReloaded("region-b")).as("region-b's page updated itself, without a reload").isTrue();

            List<StatusPageWatcher.Seen> a = pages.changes("region-a");
            assertThat(a.stream().filter(s -> s.at().isBefore(kill)).map(StatusPageWatcher.Seen::payments))
                    .as("region-a's page before the kill: " + a).contains("operational");
            // Both pages agreed on payments (above); "overall" also covers functions whose probes flap
            // under load, and the two pages are looked at in turn, not at one instant.
            assertThat(pages.neverReloaded("region-a")).as("region-a's page reconnected by itself after region-a returned").isTrue();
            // region-a's status-svc is a new process since the fire: it shows what the edge decided since (the rejoin,
            // the failback); the fire's own events, and under load the failback's too, may have scrolled out of its
            // bounded timeline behind the witness's notices of slow API servers.
            assertThat(pages.text("region-a")).containsAnyOf("PROMOTED", "REJOINED", "SYNC_RESTORED");
            assertThat(pages.text("region-b")).contains("PROMOTED", "REGION_LOST", "REJOINED");
        } finally {
            pages.close();
        }
    }

    @Test
    @Order(3)
    void theKubectlDriverRunsItsStepsThroughTheSimulatedClustersApiServers() throws Exception {
        Path dir = Files.createDirectories(HOME.resolve("experiments"));
        Files.writeString(dir.resolve("through-kubectl.yaml"), """
                title: Every step the kubectl driver takes itself, against the simulated clusters' API servers
                load: {rate: 10, duration: 40s, warmup: 0s}
                settle: 60s
                steadyState:
                  - probe: all-ready
                  - probe: edge-serves
                method:
                  - {at: 5s, action: kill-pod, cluster: region-b, service: messaging-svc}
                  - {at: 12s, action: service-fault, service: payment-svc, clusters: [region-b], mode: fail}
                  - {at: 22s, action: service-fault, service: payment-svc, clusters: [region-b], mode: none}
                rollbacks:
                  - {action: service-fault, service: payment-svc, clusters: [region-b], mode: none}
                objectives:
                  messaging-svc: {rtoSeconds: 30}
                  payment-svc: {rtoSeconds: 30}
                """);
        String before = kubectl("get", "pods", "-l", "app.kubernetes.io/name in (messaging-svc,payment-svc)", "-o",
                "jsonpath={.items[*].metadata.name}");

        Outcome o = drill("through-kubectl", "--experiments", dir.toString(), "--driver", "kubectl");

        assertThat(o.code()).as(o.output()).isZero();
        JsonNode r = o.report();
        for (JsonNode check : r.path("steadyState")) {
            assertThat(check.path("held").asBoolean()).as(check.toString()).isTrue();
            if (check.path("probe").asText().equals("all-ready")) {
                assertThat(check.path("detail").asText()).as("checked through kubectl").contains("kubectl");
            }
        }
        for (String service : List.of("messaging-svc", "payment-svc")) {
            assertThat(r.path("services").path(service).path("lostWrites").asLong()).isZero();
            assertThat(r.path("services").path(service).path("duplicatedWrites").asLong()).isZero();
        }
        // The ReplicaSets made new pods for the ones kubectl deleted and scaled away, and they are Ready.
        String after = kubectl("get", "pods", "-l", "app.kubernetes.io/name in (messaging-svc,payment-svc)", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.containerStatuses[0].ready}{\"\\n\"}{end}");
        assertThat(after.strip().lines()).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("=true"))
                .noneMatch(line -> before.contains(line.substring(0, line.indexOf('='))));
        assertThat(kubectl("get", "deployment/payment-svc", "-o", "jsonpath={.spec.replicas}")).as("scaled back").isEqualTo("1");
    }

    /** kubectl against region-b's API server, as a person would run it. */
    private static String kubectl(String... args) {
        Kubectl.Result r = new Kubectl(sim.options().kubeconfig()).run("region-b", 60, withNamespace(args));
        assertThat(r.ok()).as("kubectl " + String.join(" ", args) + ": " + r.err()).isTrue();
        return r.out();
    }

    private static String[] withNamespace(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-n", "firebreak"));
        return all.toArray(String[]::new);
    }

    @Test
    @Order(4)
    void aBrokenObjectiveFailsTheDrillAndTheScorecardNamesIt() throws Exception {
        Path dir = Files.createDirectories(HOME.resolve("experiments"));
        Files.writeString(dir.resolve("impossible.yaml"), """
                title: Payments with an RTO nobody can meet
                load: {rate: 10, duration: 8s, mix: {payments: 1}, warmup: 0s}
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
    @Order(5)
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

    @Test
    @Order(6)
    void theCatalogueRefusesToRunOnClustersThatAreAlreadyUp() throws Exception {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text, true);

        int code = ChaosCli.run(w, w, "--project", HOME.toString(), "drill", "--all", "--out", HOME.resolve("all").toString());

        // Each experiment needs fresh clusters: running ones are someone's, and are left alone.
        assertThat(code).isEqualTo(2);
        assertThat(text.toString()).contains("stop the running ones first (./firebreak down)");
        assertThat(sim.status().ready()).as("the running clusters are untouched").isTrue();
    }
}
