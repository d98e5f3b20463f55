package dev.firebreak.sim.cli;

import dev.firebreak.sim.control.ControlClient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.control.Layout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./firebreak up|status|kill|restore|link|events|down}: the simulated clusters from the
 * command line. {@code up} starts a background simulator; the other commands talk to it through
 * its control API on 127.0.0.1 ({@code .firebreak/simulator.json} says where).
 */
@Command(name = "firebreak", mixinStandardHelpOptions = true,
        description = "Runs region-a, region-b and the global site on this machine from k8s/clusters/*.",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class, DaemonCommand.class})
public final class FirebreakSim {

    /** Exit code when the command needs running clusters and there are none. */
    static final int EXIT_NOT_UP = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--project", description = "The Firebreak checkout (default: $FIREBREAK_HOME, else the current directory).",
            scope = CommandLine.ScopeType.INHERIT)
    Path project;

    /** The checkout, as given or found. */
    Path project() {
        if (project != null) {
            return project.toAbsolutePath().normalize();
        }
        String home = System.getenv("FIREBREAK_HOME");
        return Path.of(home != null && !home.isBlank() ? home : ".").toAbsolutePath().normalize();
    }

    /** Everything the simulator writes lives under {@code .firebreak/}. */
    Layout layout() {
        return Layout.of(project());
    }

    @Command(name = "kill", description = "Power loss in a cluster: its pods and database die at once (SIGKILL), its addresses and links go silent.")
    int kill(@Parameters(paramLabel = "CLUSTER", description = "region-a, region-b or global") String cluster) {
        client().post("/clusters/" + cluster + "/kill", "{}");
        spec.commandLine().getOut().println("firebreak: " + cluster + " lost power");
        return 0;
    }

    @Command(name = "restore", description = "Power back in a cluster: its database restarts from its data, its pods start, its links heal.")
    int restore(@Parameters(paramLabel = "CLUSTER") String cluster) {
        client().post("/clusters/" + cluster + "/restore", "{}");
        spec.commandLine().getOut().println("firebreak: " + cluster + " has power again; ./firebreak status shows its pods coming up");
        return 0;
    }

    @Command(name = "link", description = "Show or change the WAN link between two sites (a partition is a blackhole on one link).")
    int link(@Parameters(paramLabel = "SITE_A") String siteA, @Parameters(paramLabel = "SITE_B") String siteB,
            @Option(names = "--fault", description = "none, blackhole (silence: a power loss or partition) or reset") String fault,
            @Option(names = "--latency-ms", description = "One-way latency, 0 to 60000 ms") Long latencyMs) throws Exception {
        Map<String, Object> change = new LinkedHashMap<>();
        if (fault != null) {
            change.put("fault", fault.toUpperCase(Locale.ROOT));
        }
        if (latencyMs != null) {
            change.put("latencyMs", latencyMs);
        }
        JsonNode links = client().post("/links/" + siteA + "/" + siteB, Json.MAPPER.writeValueAsString(change));
        for (JsonNode l : links) {
            spec.commandLine().getOut().printf("%-10s <-> %-10s %-10s %d ms each way%n", l.path("siteA").asText(), l.path("siteB").asText(),
                    l.path("fault").asText(), l.path("latencyMs").asLong());
        }
        return 0;
    }

    @Command(name = "events", description = "Print the simulator's events (starts, probe failures, restarts, power, links).")
    int events(@Option(names = "--after", defaultValue = "0", description = "Only events after this sequence number.") long after) {
        for (JsonNode e : client().get("/events?after=" + after)) {
            spec.commandLine().getOut().printf("%5d %s %-7s %-14s %s: %s%n", e.path("seq").asLong(), e.path("time").asText(),
                    e.path("type").asText(), e.path("reason").asText(), e.path("object").asText(), e.path("message").asText());
        }
        return 0;
    }

    private ControlClient client() {
        return new ControlClient(layout().controlFile());
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new FirebreakSim());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Never an empty line: an exception without a message still says what it is.
            cmd.getErr().println("firebreak: " + (e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage()));
            return e instanceof ControlClient.NotUpException ? EXIT_NOT_UP : 1;
        });
        System.exit(cli.execute(args));
    }
}
