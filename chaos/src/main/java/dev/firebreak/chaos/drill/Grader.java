package dev.firebreak.chaos.drill;

import dev.firebreak.chaos.experiment.Experiment;
import dev.firebreak.chaos.experiment.Objectives;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.history.Verdict;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.verify.Verification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a drill is graded. Each service of the experiment's mix against its {@link Objectives}: the
 * RTO (the {@link Recorder}'s longest stretch in which no request of the service succeeded), the
 * attempt error rate, the client-visible failure rate, the p99 (corrected for coordinated
 * omission), and the read-back's lost and duplicated writes ({@link Verification}); the history's
 * verdict as the consistency section; and whether the run passed: every objective, every
 * steady-state probe, no problem and no consistency violation.
 */
public final class Grader {

    /** The service each activity of the mix calls. */
    static final Map<String, String> SERVICE_OF = Map.of("chat", "messaging-svc", "payments", "payment-svc", "rides", "taxi-svc");

    private final Experiment experiment;

    public Grader(Experiment experiment) {
        this.experiment = experiment;
    }

    /** Whether a drill with these checks, services, problems and consistency verdict passed. */
    public static boolean passed(List<Report.Check> steadyState, Map<String, Report.ServiceReport> services, List<String> problems,
            Report.Consistency consistency) {
        return problems.isEmpty() && steadyState.stream().allMatch(Report.Check::held) && services.values().stream()
                .allMatch(s -> s.problems().isEmpty() && s.objectives().values().stream().noneMatch(Report.Objective::fails))
                && (consistency == null || consistency.violations() == 0);
    }

    /**
     * Each service of the mix, measured and read back, against its objectives. A ledger that does
     * not hold when payments are not in the mix (rides pay too) is added to {@code problems}.
     */
    public Map<String, Report.ServiceReport> services(Recorder recorder, Map<String, Verification> verified, List<String> problems) {
        Map<String, Report.ServiceReport> services = new LinkedHashMap<>();
        experiment.load().mix().forEach((activity, weight) -> {
            if (weight > 0) {
                String service = SERVICE_OF.get(activity);
                services.put(service, service(service, recorder, verified.getOrDefault(service,
                        new Verification(service, 0, 0, 0, 0, 0, true, List.of()))));
            }
        });
        if (!services.containsKey("payment-svc") && verified.containsKey("payment-svc") && !verified.get("payment-svc").passed()) {
            problems.add("the ledger does not hold: " + verified.get("payment-svc").problems());
        }
        return services;
    }

    private Report.ServiceReport service(String service, Recorder recorder, Verification v) {
        Recorder.Summary s = recorder.summary(service);
        Objectives o = experiment.objectives().getOrDefault(service, new Objectives(null, null, null, 0, 0, null));
        Map<String, Report.Objective> objectives = new LinkedHashMap<>();
        if (o.rtoSeconds() != null) {
            objectives.put("rtoSeconds", new Report.Objective(o.rtoSeconds(), s.rtoSeconds()));
        }
        if (o.errorRate() != null) {
            objectives.put("errorRate", new Report.Objective(o.errorRate(), s.errorRate()));
        }
        if (o.clientFailureRate() != null) {
            objectives.put("clientFailureRate", new Report.Objective(o.clientFailureRate(), s.clientFailureRate()));
        }
        if (o.p99Ms() != null) {
            objectives.put("p99Ms", new Report.Objective(o.p99Ms(), s.p99Ms()));
        }
        objectives.put("lostWrites", new Report.Objective(o.lostWrites(), v.lost()));
        objectives.put("duplicatedWrites", new Report.Objective(o.duplicatedWrites(), v.duplicated()));
        return new Report.ServiceReport(s.requests(), s.errors(), s.errorRate(), recorder.errorCauses(service),
                s.p99Ms(), s.rtoSeconds(), v.acknowledged(), v.inDoubt(), v.inDoubtCommitted(), v.lost(), v.duplicated(), objectives,
                recorder.timeline(service), v.problems(), new Report.ClientView(s.activities(), s.clientFailures(), s.dropped(),
                        s.clientFailureRate()), new Report.Latency(s.p50Ms(), s.p90Ms(), s.p99Ms(), s.p999Ms(), s.maxMs()));
    }

    /** The history checker's verdict as the report's consistency section, with up to 50 violations and their operations. */
    public static Report.Consistency consistency(Verdict verdict) {
        List<String> examples = verdict.violations().values().stream().flatMap(List::stream).limit(50)
                .map(v -> v.rule().id() + ": " + v.what() + "\n    " + String.join("\n    ", v.evidence().stream()
                        .map(History.Op::describe).toList()))
                .toList();
        return new Report.Consistency(verdict.operations(), verdict.count(), verdict.perRule(), examples, verdict.inDoubt(),
                verdict.inDoubtCommitted(), "history.jsonl");
    }
}
