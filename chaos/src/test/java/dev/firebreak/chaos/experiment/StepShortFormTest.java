package dev.firebreak.chaos.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ./firebreak load --at: the short form becomes the same steps an experiment's method has. */
class StepShortFormTest {

    @Test
    void eachShortFormIsTheExperimentsStep() {
        Step kill = Step.parseShort("10:kill:region-a");
        assertThat(kill.at()).isEqualTo(Duration.ofSeconds(10));
        assertThat(kill.action()).isEqualTo(Action.KILL_CLUSTER);
        assertThat(kill.cluster()).isEqualTo("region-a");

        assertThat(Step.parseShort("40:restore:region-a").action()).isEqualTo(Action.RESTORE_CLUSTER);

        Step partition = Step.parseShort("5:partition:region-a:region-b");
        assertThat(partition.action()).isEqualTo(Action.LINK_FAULT);
        assertThat(partition.between()).isEqualTo(List.of("region-a", "region-b"));
        assertThat(partition.fault()).isEqualTo("blackhole");
        assertThat(Step.parseShort("9:heal:region-a:region-b").fault()).isEqualTo("none");
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatExist() {
        assertThatThrownBy(() -> Step.parseShort("ten:kill:region-a")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Step.parseShort("10:explode:region-a")).hasMessageContaining("SECOND:kill:CLUSTER");
        assertThatThrownBy(() -> Step.parseShort("10:partition:region-a")).hasMessageContaining("SECOND:partition:SITE_A:SITE_B");
        assertThatThrownBy(() -> Step.parseShort("10:partition:region-a:region-a")).hasMessageContaining("between");
    }
}
