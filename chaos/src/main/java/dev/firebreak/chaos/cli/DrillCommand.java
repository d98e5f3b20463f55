package dev.firebreak.chaos.cli;

import dev.firebreak.chaos.drill.Drill;
import dev.firebreak.chaos.drill.Report;
import dev.firebreak.chaos.drill.ReportWriter;
import dev.firebreak.chaos.driver.Commands;
import dev.firebreak.chaos.driver.Driver;
import dev.firebreak.chaos.driver.KubectlDriver;
import dev.firebreak.chaos.driver.SimulatorDriver;
import dev.firebreak.chaos.experiment.Experiment;
import dev.firebreak.chaos.experiment.ExperimentFile;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.identity.InstallationKeys;
import dev.firebreak.identity.TokenMinter;
import dev.firebreak.sim.control.ControlClient;
import dev.firebreak.sim.control.Layout;
import dev.firebreak.sim.control.SimStatus;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Runs one experiment file against the simulated clusters (or real ones through kubectl) and writes its report. */
@Command(name = "drill", description = "Run an experiment (chaos/experiments/NAME.yaml) under load and grade it (docs/experiments.md).")
final class DrillCommand implements Callable<Integer> {

    @ParentCommand
    ChaosCli root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "The experiment, e.g. region-a-fire.")
    String name;

    @Option(names = "--list", description = "List the experiments.")
    boolean list;

    @Option(names = "--out", description = "Where the report goes (default target/drills/NAME-TIME).")
    Path out;

    @Option(names = "--experiments", description = "Folder of experiment files (default chaos/experiments).")
    Path experiments;

    @Option(names = "--driver", defaultValue = "simulator", description = "simulator (default) or kubectl: real clusters (kind contexts, "
            + "with --url and --admin-token), or the simulated clusters through kubectl (contexts firebreak-<site>) when they are up.")
    String driverName;

    @Option(names = "--url", description = "kubectl driver: where clients reach each entry point, e.g. edge=http://…, region-a=http://…")
    Map<String, String> urls = new HashMap<>();

    @Option(names = "--admin-token", description = "kubectl driver: an admin token of the installation (the simulator's is minted from its keys).")
    String adminToken;

    @Option(names = "--data-only", description = "Pass on data alone (no write lost or duplicated, steady state held); report RTO, errors and p99 without grading them (CI on a noisy machine).")
    boolean dataOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = experiments != null ? experiments : root.project().resolve("chaos/experiments");
        if (list) {
            ExperimentFile.all(dir).forEach(e -> out.printf("%-24s %s%n", e.name(), e.title()));
            return 0;
        }
        if (name == null) {
            throw new IllegalArgumentException("name an experiment (./firebreak drill --list shows them)");
        }
        Path file = dir.resolve(name + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no experiment " + name + " in " + dir + " (have: "
                    + ExperimentFile.all(dir).stream().map(Experiment::name).toList() + ")");
        }
        Experiment experiment = ExperimentFile.read(file);
        Api api = new Api(Duration.ofSeconds(3));
        Driver driver;
        String admin;
        Layout layout = Layout.of(root.project());
        ControlClient control = new ControlClient(layout.controlFile());
        if (driverName.equals("kubectl") && urls.isEmpty() && control.daemon().isPresent()) {
            // The simulated clusters through kubectl (contexts firebreak-<site>), the simulator as the data center.
            admin = "Bearer " + new TokenMinter(InstallationKeys.read(layout.identity()).privateKey()).admin("drill", Duration.ofHours(2));
            SimStatus status = control.status();
            Map<String, String> entryPoints = new HashMap<>(status.urls());
            status.urls().forEach((name, url) -> {
                if (name.startsWith("ingress-")) {
                    entryPoints.put(name.substring("ingress-".length()), url);
                }
            });
            driver = KubectlDriver.simulated(Commands.processes(), Path.of(status.kubeconfig()), new SimulatorDriver(control, api, admin),
                    entryPoints, admin);
        } else if (driverName.equals("kubectl")) {
            if (adminToken == null) {
                throw new IllegalArgumentException("the kubectl driver needs --admin-token (an admin token of the installation), "
                        + "or the simulated clusters up (./firebreak up) to drive them through kubectl");
            }
            admin = "Bearer " + adminToken;
            driver = KubectlDriver.kind(Commands.processes(), urls, admin);
        } else if (driverName.equals("simulator")) {
            admin = "Bearer " + new TokenMinter(InstallationKeys.read(layout.identity()).privateKey()).admin("drill", Duration.ofHours(2));
            if (control.status().phase().equals("down")) {
                throw new IllegalStateException("the simulated clusters are not up (./firebreak up starts them; ./firebreak drill "
                        + "starts and stops them by itself)");
            }
            driver = new SimulatorDriver(control, api, admin);
        } else {
            throw new IllegalArgumentException("--driver must be simulator or kubectl, not " + driverName);
        }
        Drill drill = new Drill(experiment, driver, api, admin, out);
        Report report = drill.run();
        if (dataOnly) {
            report = report.gradedOnData();
        }
        Path where = this.out != null ? this.out : root.project().resolve("target/drills").resolve(experiment.name() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ReportWriter.write(report, where);
        drill.history().write(where.resolve("history.jsonl"));
        out.println();
        out.print(ReportWriter.scorecard(report));
        out.println("report: " + where.resolve("report.html") + " (and report.json, report.md, history.jsonl)");
        return report.passed() ? 0 : 1;
    }
}
