package dev.firebreak.sim.cli;

import dev.firebreak.sim.control.Layout;

import dev.firebreak.sim.control.ControlClient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.control.SimStatus;
import dev.firebreak.sim.topology.AddressPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Starts the simulator in the background (its own session, so closing the terminal later does not
 * stop it), shows its events as progress until every pod is ready and every standby streams
 * synchronously, then prints the URLs. Ctrl-C or a failure while it comes up stops everything it started.
 */
@Command(name = "up", description = "Bring up region-a, region-b and the global site from k8s/clusters/* and print the URLs to call.")
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    FirebreakSim root;

    @Spec
    CommandSpec spec;

    @Option(names = "--replicas", defaultValue = "-1",
            description = "Pods per Deployment that declares more than one, 1 to 10 (default: as the manifests declare, 2).")
    int replicas;

    @Option(names = "--wan-latency-ms", defaultValue = "2", description = "One-way latency of every WAN link (default: ${DEFAULT-VALUE} ms).")
    long wanLatencyMs;

    @Option(names = "--timeout", defaultValue = "180", description = "Seconds to wait for everything to be ready (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--address-base", defaultValue = "" + AddressPlan.DEFAULT_BASE, hidden = true)
    int addressBase;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (replicas != -1 && (replicas < 1 || replicas > 10)) {
            throw new IllegalArgumentException("--replicas must be between 1 and 10, not " + replicas);
        }
        Layout layout = root.layout();
        ControlClient client = new ControlClient(layout.controlFile());
        if (client.daemon().isPresent()) {
            out.println("firebreak: the simulated clusters are already up (./firebreak down stops them)");
            StatusCommand.printUrls(out, client.status());
            return 0;
        }
        var specs = Simulator.check(options(layout));
        out.printf("firebreak: bringing up %s (%s; logs under %s)%n",
                String.join(", ", specs.stream().map(s -> s.site().name()).toList()),
                replicas < 0 ? "the replicas the manifests declare" : replicas + " replica" + (replicas == 1 ? "" : "s") + " per Deployment",
                root.project().relativize(layout.state().resolve("logs")));
        Files.createDirectories(layout.root());
        Files.deleteIfExists(layout.controlFile());
        Process daemon = startDaemon(layout);
        Thread abort = new Thread(() -> stop(daemon, client), "up-interrupted");
        Runtime.getRuntime().addShutdownHook(abort);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long seenEvents = 0;
        String lastError = null;
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                Runtime.getRuntime().removeShutdownHook(abort);
                out.println("firebreak: the simulator exited while coming up (code " + daemon.exitValue() + "). Its log:");
                out.println(tail(layout.daemonLog(), 25));
                return 1;
            }
            if (client.daemon().isPresent()) {
                SimStatus status;
                try {
                    for (JsonNode e : client.get("/events?after=" + seenEvents)) {
                        seenEvents = e.path("seq").asLong();
                        // Startup probes fail until a service has started: expected, so not shown.
                        if (!e.path("message").asText().startsWith("Startup probe failed")) {
                            out.printf("%6.1fs  %-28s %-9s %s%n", seconds(started), e.path("object").asText(), e.path("reason").asText(),
                                    e.path("message").asText());
                        }
                    }
                    out.flush();
                    status = client.status();
                } catch (IllegalStateException | java.io.UncheckedIOException e) {
                    // A busy machine can make the control API miss an answer while a dozen JVMs start: ask again,
                    // until the deadline says otherwise (and then say why).
                    lastError = e.toString();
                    Thread.sleep(300);
                    continue;
                }
                if ("failed".equals(status.phase())) {
                    out.println("firebreak: the simulated clusters did not come up: " + status.error());
                    return 1; // the shutdown hook stops what did start
                }
                if (status.ready()) {
                    Runtime.getRuntime().removeShutdownHook(abort);
                    long standbys = status.databases().stream().filter(d -> "standby".equals(d.role())).count();
                    out.printf("firebreak: up in %.1f s: %d pods ready, %d database%s primary with %d synchronous standby%s%n",
                            seconds(started), status.pods().size(), status.databases().size() - standbys,
                            status.databases().size() - standbys == 1 ? "" : "s", standbys, standbys == 1 ? "" : "s");
                    StatusCommand.printUrls(out, status);
                    out.println("firebreak: ./firebreak status shows every pod; ./firebreak down stops everything");
                    return 0;
                }
            }
            Thread.sleep(300);
        }
        out.println("firebreak: not ready within " + timeoutSeconds + " s" + (lastError == null ? "" : " (last control API error: " + lastError + ")")
                + "; what is missing:");
        if (client.daemon().isPresent()) {
            StatusCommand.printNotReady(out, client.status());
        }
        out.println("Pod logs are under " + layout.state().resolve("logs") + "; stopping everything.");
        return 1;
    }

    private Simulator.Options options(Layout layout) {
        return new Simulator.Options(root.project(), layout.state(), layout.root(), replicas, addressBase, Duration.ofMillis(wanLatencyMs));
    }

    /** The daemon: this JVM's classpath and JDK, in a session of its own, output to simulator.log. */
    private Process startDaemon(Layout layout) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: full tiered compilation would cost seconds of the two cores while everything starts.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m", "-Xss512k",
                "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$-7s %5$s%6$s%n",
                "-cp", System.getProperty("java.class.path"), FirebreakSim.class.getName(),
                "--project", root.project().toString(), "daemon",
                "--replicas", String.valueOf(replicas), "--address-base", String.valueOf(addressBase),
                "--wan-latency-ms", String.valueOf(wanLatencyMs)));
        return new ProcessBuilder(cmd).directory(root.project().toFile()).redirectErrorStream(true)
                .redirectOutput(layout.daemonLog().toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
    }

    /** Ctrl-C, a failure or a timeout while coming up: nothing that started is left behind. */
    private static void stop(Process daemon, ControlClient client) {
        if (!daemon.isAlive()) {
            return;
        }
        System.err.println("firebreak: stopping the simulated clusters");
        DownCommand.stop(daemon.toHandle(), client);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + file + ")";
        }
    }
}
