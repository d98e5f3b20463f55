package dev.firebreak.chaos.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./firebreak load} and {@code ./firebreak drill}: traffic and chaos drills against the clusters (docs/experiments.md). */
@Command(name = "firebreak", mixinStandardHelpOptions = true, subcommands = {LoadCommand.class, CompareCommand.class, OverheadCommand.class, DrillCommand.class,
        CapacityCommand.class},
        description = "Load and drills against the simulated clusters started by ./firebreak up.")
public final class ChaosCli {

    @Option(names = "--project", description = "The Firebreak checkout (default: $FIREBREAK_HOME, else the current directory).",
            scope = CommandLine.ScopeType.INHERIT)
    Path project;

    Path project() {
        if (project != null) {
            return project.toAbsolutePath().normalize();
        }
        String home = System.getenv("FIREBREAK_HOME");
        return Path.of(home != null && !home.isBlank() ? home : ".").toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs one command line and returns its exit code: 0 passed, 1 a drill (or load) ran and
     * failed, 2 nothing could be run (bad input, no clusters).
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new ChaosCli()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("firebreak: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
