package dev.firebreak.chaos.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./firebreak load}: traffic against the running simulated clusters (docs/chaos.md). */
@Command(name = "firebreak", mixinStandardHelpOptions = true, subcommands = {LoadCommand.class},
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
        CommandLine cli = new CommandLine(new ChaosCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("firebreak: " + e.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }
}
