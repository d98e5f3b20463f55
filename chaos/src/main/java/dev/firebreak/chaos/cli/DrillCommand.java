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

    @Option(names = "--all", description = "Every experiment, each on fresh simulated clusters, then a summary; --out DIR puts the "
            + "reports in DIR/NAME (default target/drills/all-TIME).")
    boolean all;

    @Option(names = "--out", description = "Where the report goes (default target/drills/NAME-TIME; with --all, target/drills/all-TIME).")
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
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = experiments != null ? experiments : root.project().resolve("chaos/experiments");
        if (list) {
            ExperimentFile.all(dir).forEach(e -> out.printf("%-24s %s%n", e.name(), e.title()));
            return 0;
        }
        if (all) {
            if (name != null) {
                throw new IllegalArgumentException("--all runs every experiment: name none");
            }
            return catalogue(dir, out);
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
        Path where = this.out != null ? this.out : root.project().resolve("target/drills").resolve(experiment.name() + "-" + now());
        if (!driverName.equals("simulator")) {
            return drill(experiment, where, out);
        }
        try (SimulatedClusters clusters = SimulatedClusters.upUnlessRunning(root.project(), out, spec.commandLine().getErr(), "the drill")) {
            return drill(experiment, where, out);
        }
    }

    /**
     * Every experiment, each on fresh simulated clusters (up, drill, down), then a summary in
     * {@code summary.txt}. One experiment's clusters not coming up is that experiment's failure,
     * not the catalogue's end.
     */
    private int catalogue(Path dir, PrintWriter out) throws java.io.IOException {
        if (!driverName.equals("simulator")) {
            throw new IllegalArgumentException("--all runs on the simulated clusters only (--driver simulator)");
        }
        if (SimulatedClusters.running(root.project())) {
            throw new IllegalStateException("drill --all runs each experiment on fresh clusters: stop the running ones first (./firebreak down)");
        }
        Path reports = this.out != null ? this.out.toAbsolutePath() : root.project().resolve("target/drills").resolve("all-" + now());
        List<String> summary = new java.util.ArrayList<>();
        for (Experiment experiment : ExperimentFile.all(dir)) {
            out.println("firebreak: === " + experiment.name() + ": fresh clusters ===");
            int rc;
            try (SimulatedClusters clusters = SimulatedClusters.up(root.project(), out, spec.commandLine().getErr())) {
                rc = drill(experiment, reports.resolve(experiment.name()), out);
            } catch (RuntimeException e) {
                // Its clusters did not come up, or the drill could not run: this experiment's failure, not the catalogue's end.
                out.println("firebreak: " + experiment.name() + ": " + e.getMessage());
                summary.add("FAILED  " + experiment.name() + " (" + e.getMessage() + ")");
                continue;
            }
            summary.add((rc == 0 ? "PASSED  " : "FAILED  ") + experiment.name() + (rc == 0 ? "" : " (exit " + rc + ")"));
        }
        out.println();
        summary.forEach(out::println);
        Files.createDirectories(reports);
        Files.write(reports.resolve("summary.txt"), summary);
        out.println("reports: " + reports + "/*/report.html");
        return summary.stream().allMatch(line -> line.startsWith("PASSED")) ? 0 : 1;
    }

    private static String now() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** One experiment with the chosen driver; its report in {@code where}. 0 when it passed. */
    private int drill(Experiment experiment, Path where, PrintWriter out) {
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
            driver = new SimulatorDriver(control, api, admin);
        } else {
            throw new IllegalArgumentException("--driver must be simulator or kubectl, not " + driverName);
        }
        Drill drill = new Drill(experiment, driver, api, admin, out);
        Report report = drill.run();
        if (dataOnly) {
            report = report.gradedOnData();
        }
        ReportWriter.write(report, where);
        drill.history().write(where.resolve("history.jsonl"));
        out.println();
        out.print(ReportWriter.scorecard(report));
        out.println("report: " + where.resolve("report.html") + " (and report.json, report.md, history.jsonl)");
        return report.passed() ? 0 : 1;
    }
}
