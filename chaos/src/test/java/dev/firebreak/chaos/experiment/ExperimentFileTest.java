package dev.firebreak.chaos.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentFileTest {

    private static final String GOOD = """
            title: Region A burns
            load:
              rate: 12
              duration: 60s
              mix: {chat: 2, rides: 1}
            steadyState:
              - probe: all-ready
              - probe: primary
                region: region-a
                when: before
            method:
              - at: 40s
                action: restore-cluster
                cluster: region-a
              - at: 15s
                action: kill-cluster
                cluster: region-a
              - at: 20s
                action: link-latency
                between: [region-a, region-b]
                latency: 300ms
            rollbacks:
              - action: restore-cluster
                cluster: region-a
            objectives:
              taxi-svc: {rtoSeconds: 10, p99Ms: 2500}
            """;

    @Test
    void readsAnExperimentWithItsStepsInTimeOrder() {
        Experiment e = ExperimentFile.parse("x.yaml", GOOD);

        assertThat(e.title()).isEqualTo("Region A burns");
        assertThat(e.load().rate()).isEqualTo(12);
        assertThat(e.load().duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(e.load().mix()).containsEntry("chat", 2).containsEntry("rides", 1).doesNotContainKey("payments");
        assertThat(e.load().target()).isEqualTo("edge");
        assertThat(e.load().warmup()).as("warm JVMs by default").isEqualTo(Duration.ofSeconds(30));
        assertThat(e.method()).extracting(Step::describe)
                .containsExactly("kill-cluster region-a", "link-latency region-a<->region-b 300ms", "restore-cluster region-a");
        assertThat(e.steadyState()).extracting(Probe::describe).containsExactly("all-ready", "primary region-a");
        assertThat(e.steadyState().get(1).checkedAt("after")).isFalse();
        assertThat(e.rollbacks()).hasSize(1);
        Objectives taxi = e.objectives().get("taxi-svc");
        assertThat(taxi.rtoSeconds()).isEqualTo(10.0);
        assertThat(taxi.errorRate()).isNull();
        assertThat(taxi.lostWrites()).isZero();
        assertThat(taxi.duplicatedWrites()).isZero();
        assertThat(taxi.clientFailureRate()).isNull();
        assertThat(ExperimentFile.parse("y.yaml", GOOD.replace("objectives:\n  taxi-svc: {rtoSeconds: 10, p99Ms: 2500}",
                "objectives:\n  taxi-svc: {clientFailureRate: 0.001}")).objectives().get("taxi-svc").clientFailureRate()).isEqualTo(0.001);
    }

    @Test
    void refusesAnUnknownKeyNamingItsLine() {
        String yaml = GOOD.replace("    cluster: region-a\n  - at: 15s", "    clustr: region-a\n  - at: 15s");

        assertThatThrownBy(() -> ExperimentFile.parse("fire.yaml", yaml)).isInstanceOf(ExperimentFile.Invalid.class)
                .hasMessageStartingWith("fire.yaml line 14: unknown key 'clustr'").hasMessageContaining("cluster");
    }

    @Test
    void refusesBadValuesNamingTheirLine() {
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("action: kill-cluster", "action: burn-it")))
                .hasMessageStartingWith("f.yaml line 16: ").hasMessageContaining("unknown action 'burn-it'")
                .hasMessageContaining("kill-cluster");
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("latency: 300ms", "latency: soon")))
                .hasMessageStartingWith("f.yaml line ").hasMessageContaining("latency must be a duration like 500ms, 10s or 2m, not 'soon'");
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("rate: 12", "rate: -3")))
                .hasMessageStartingWith("f.yaml line ").hasMessageContaining("rate must be between 0 and 500");
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("taxi-svc:", "taxi:")))
                .hasMessageContaining("objectives: unknown service 'taxi'");
    }

    @Test
    void refusesStepsThatLackWhatTheirActionNeeds() {
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("    action: kill-cluster\n    cluster: region-a\n",
                "    action: kill-cluster\n"))).hasMessageContaining("kill-cluster needs cluster");
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("between: [region-a, region-b]", "between: [region-a]")))
                .hasMessageContaining("link-latency needs between: [site, other site]");
    }

    @Test
    void refusesAStepAfterTheLoadEnds() {
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", GOOD.replace("at: 40s", "at: 75s")))
                .hasMessageContaining("step 'restore-cluster region-a' at 75s is after the load ends (60s)");
    }

    @Test
    void refusesAFileWithoutLoadOrTitle() {
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", "title: nothing\n")).hasMessageContaining("missing key 'load'");
        assertThatThrownBy(() -> ExperimentFile.parse("f.yaml", "title: [unclosed\n")).hasMessageContaining("f.yaml line 1");
    }

    @Test
    void everyShippedExperimentIsValid() {
        List<Experiment> shipped = ExperimentFile.all(Path.of("experiments"));

        assertThat(shipped).extracting(Experiment::name).contains("region-a-fire", "region-b-fire", "global-site-loss", "region-partition",
                "database-primary-loss", "pod-kill", "wan-latency", "payment-outage");
        assertThat(shipped).allSatisfy(e -> {
            assertThat(e.method()).as(e.name()).isNotEmpty();
            assertThat(e.steadyState()).as(e.name()).isNotEmpty();
            assertThat(e.objectives()).as(e.name()).isNotEmpty();
        });
    }
}
