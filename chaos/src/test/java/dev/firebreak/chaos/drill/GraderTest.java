package dev.firebreak.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.chaos.experiment.Experiment;
import dev.firebreak.chaos.experiment.ExperimentFile;
import dev.firebreak.chaos.load.Outcome;
import dev.firebreak.chaos.load.Recorder;
import dev.firebreak.chaos.verify.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraderTest {

    private static final long S = 1_000_000_000L;

    private static final Experiment EXPERIMENT = ExperimentFile.parse("grading", """
            title: grading
            load: {duration: 20s, mix: {payments: 1, rides: 1}}
            objectives:
              payment-svc: {rtoSeconds: 2, errorRate: 0.01}
            """);

    /** payment-svc: a request a second for 20 s; those of seconds 5 to 8 fail (no success from 4.01 s to 9.01 s). */
    private static Recorder paymentsOutFourSeconds() {
        Recorder r = new Recorder(0);
        for (long t = 0; t < 20; t++) {
            boolean out = t >= 5 && t < 9;
            r.record("payment-svc", t * S, t * S + 10_000_000, out ? Outcome.FAILED : Outcome.ACKED);
        }
        r.record("taxi-svc", 0, 10_000_000, Outcome.ACKED);
        return r;
    }

    @Test
    void theRtoIsTheRecordersLongestStretchWithoutASuccessGradedAgainstItsObjective() {
        Map<String, Report.ServiceReport> services = new Grader(EXPERIMENT).services(paymentsOutFourSeconds(), Map.of(), new ArrayList<>());

        Report.Objective rto = services.get("payment-svc").objectives().get("rtoSeconds");
        assertThat(rto.measured()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(rto.fails()).isTrue();
        assertThat(services.get("payment-svc").objectives().get("errorRate").fails()).isTrue();
    }

    @Test
    void aServiceWithoutObjectivesIsGradedOnLostAndDuplicatedWritesOnly() {
        Verification lostOne = new Verification("taxi-svc", 10, 1, 0, 0, 0, false, List.of("ride r1 lost"));

        Map<String, Report.ServiceReport> services = new Grader(EXPERIMENT).services(paymentsOutFourSeconds(),
                Map.of("taxi-svc", lostOne), new ArrayList<>());

        assertThat(services).containsOnlyKeys("payment-svc", "taxi-svc");
        assertThat(services.get("taxi-svc").objectives()).containsOnlyKeys("lostWrites", "duplicatedWrites");
        assertThat(services.get("taxi-svc").objectives().get("lostWrites").fails()).isTrue();
    }

    @Test
    void aLedgerThatDoesNotHoldFailsTheRunEvenWhenPaymentsAreNotInTheMix() {
        Experiment ridesOnly = ExperimentFile.parse("rides", "title: rides\nload: {duration: 20s, mix: {rides: 1}}\n");
        List<String> problems = new ArrayList<>();
        Verification ledger = new Verification("payment-svc", 5, 0, 0, 0, 0, false, List.of("money not conserved"));

        Map<String, Report.ServiceReport> services = new Grader(ridesOnly).services(paymentsOutFourSeconds(),
                Map.of("payment-svc", ledger), problems);

        assertThat(problems).singleElement().asString().contains("the ledger does not hold");
        assertThat(Grader.passed(List.of(), services, problems, null)).isFalse();
    }

    @Test
    void aRunPassesOnlyWithEveryObjectiveEveryProbeAndNoViolation() {
        Recorder healthy = new Recorder(0);
        for (long t = 0; t < 20; t++) {
            healthy.record("payment-svc", t * S, t * S + 10_000_000, Outcome.ACKED);
            healthy.record("taxi-svc", t * S, t * S + 10_000_000, Outcome.ACKED);
        }
        Map<String, Report.ServiceReport> services = new Grader(EXPERIMENT).services(healthy, Map.of(), new ArrayList<>());
        List<Report.Check> held = List.of(new Report.Check("before", "all-ready", true, 0.1, "ok"));

        assertThat(Grader.passed(held, services, List.of(), null)).isTrue();
        assertThat(Grader.passed(List.of(new Report.Check("after", "all-ready", false, 90, "2 pods not ready")), services, List.of(), null))
                .isFalse();
        Report.Consistency violated = new Report.Consistency(100, 1, Map.of("chat-no-gaps", 1), List.of("a gap"), 0, 0, "history.jsonl");
        assertThat(Grader.passed(held, services, List.of(), violated)).isFalse();
    }
}
