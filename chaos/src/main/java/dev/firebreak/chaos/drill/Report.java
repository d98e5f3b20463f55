package dev.firebreak.chaos.drill;

import dev.firebreak.chaos.load.Recorder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a drill found: the stable contract of {@code report.json} (docs/experiments.md). Fields are
 * only ever added.
 *
 * @param passed every objective held, every steady-state probe held before and after, and nothing was lost or duplicated
 * @param started when the drill started (its steady-state checks come first)
 * @param events the drill's timeline: its own steps and checks, and the edge's decisions, by seconds since {@code loadStarted}
 * @param loadStarted when the load started: time 0 of {@code events} and of each service's timeline (null if it never started)
 * @param consistency the history checker's verdict on what clients saw (null when nothing was verified)
 */
public record Report(String experiment, String title, boolean passed, Instant started, double durationSeconds, List<Event> events,
        List<Check> steadyState, Map<String, ServiceReport> services, List<String> problems, Instant loadStarted,
        Consistency consistency) {

    /**
     * This report graded on data alone: the time and error objectives (RTO, error rate, p99) are
     * still reported but no longer count; lost and duplicated writes, the verifiers' findings and
     * the steady state still do (CI on a noisy machine).
     */
    public Report gradedOnData() {
        Map<String, ServiceReport> graded = new LinkedHashMap<>();
        services.forEach((name, s) -> {
            Map<String, Objective> objectives = new LinkedHashMap<>();
            s.objectives().forEach((k, o) -> objectives.put(k, k.endsWith("Writes") ? o : o.ungraded()));
            graded.put(name, new ServiceReport(s.requests(), s.errors(), s.errorRate(), s.errorCauses(), s.p99Ms(), s.rtoSeconds(),
                    s.acknowledgedWrites(), s.inDoubtWrites(), s.inDoubtCommitted(), s.lostWrites(), s.duplicatedWrites(), objectives,
                    s.timeline(), s.problems(), s.clients(), s.latency()));
        });
        return new Report(experiment, title + " (graded on data only)", Grader.passed(steadyState, graded, problems, consistency), started,
                durationSeconds, events, steadyState, graded, problems, loadStarted, consistency);
    }

    /** One moment of the drill. {@code kind}: a step (kill-cluster, …), or the edge's (REGION_LOST, PROMOTED, TRAFFIC_SWITCHED, …). */
    public record Event(double time, String kind, String detail) {
    }

    /** A steady-state probe, {@code when} before or after the method. */
    public record Check(String when, String probe, boolean held, double afterSeconds, String detail) {
    }

    /**
     * One graded service. {@code requests}, {@code errors} and {@code errorRate} count attempts
     * (every request, retries included); {@code clients} counts what users saw.
     */
    public record ServiceReport(long requests, long errors, double errorRate, Map<String, Long> errorCauses, double p99Ms,
            double rtoSeconds, long acknowledgedWrites, long inDoubtWrites, long inDoubtCommitted, long lostWrites, long duplicatedWrites,
            Map<String, Objective> objectives, List<Recorder.Second> timeline, List<String> problems, ClientView clients,
            Latency latency) {
    }

    /**
     * What the service's users saw: activities due, those that failed after every retry (or were
     * never started: {@code dropped}), and their share.
     */
    public record ClientView(long activities, long failures, long dropped, double failureRate) {
    }

    /** Request latencies in ms, corrected for coordinated omission (from when due; failures at the client's timeout). */
    public record Latency(double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs) {
    }

    /**
     * The history checker's verdict: operations read, violations in all and per rule (every rule
     * listed), the first violations with their evidence, and writes in doubt as the read-back
     * settled them.
     */
    public record Consistency(long operations, long violations, Map<String, Integer> perRule, List<String> examples, long inDoubt,
            long inDoubtCommitted, String history) {
    }

    /**
     * One objective: what it asked, what was measured, whether it held, and whether it counts
     * towards {@code passed} (a drill graded on data only reports time and error objectives
     * without counting them).
     */
    public record Objective(double target, double measured, boolean passed, boolean graded) {

        public Objective(double target, double measured) {
            this(target, measured, measured <= target, true);
        }

        /** Whether it keeps the drill from passing. */
        public boolean fails() {
            return graded && !passed;
        }

        public Objective ungraded() {
            return new Objective(target, measured, passed, false);
        }
    }
}
