package dev.firebreak.sim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeTrackerTest {

    @Test
    void readinessTurnsFailedOnlyAfterFailureThresholdConsecutiveFailures() {
        ProbeTracker readiness = new ProbeTracker(1, 2, true);
        assertThat(readiness.record(false)).isFalse();
        assertThat(readiness.result()).isTrue();
        assertThat(readiness.record(true)).isFalse(); // a success in between starts the count again
        assertThat(readiness.record(false)).isFalse();
        assertThat(readiness.record(false)).isTrue();
        assertThat(readiness.result()).isFalse();
    }

    @Test
    void comesBackOnlyAfterSuccessThresholdConsecutiveSuccesses() {
        ProbeTracker readiness = new ProbeTracker(3, 1, false);
        readiness.record(true);
        readiness.record(true);
        assertThat(readiness.result()).isFalse();
        assertThat(readiness.record(true)).isTrue();
        assertThat(readiness.result()).isTrue();
    }

    @Test
    void fillsInKubernetesDefaultsAndResolvesNamedPorts() {
        var container = new ContainerBuilder().withName("svc").addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready").withNewPort("http").endHttpGet().endReadinessProbe()
                .withNewLivenessProbe().withNewTcpSocket().withNewPort(8080).endTcpSocket().withPeriodSeconds(5).endLivenessProbe()
                .build();
        ProbeSpec readiness = ProbeSpec.of(ProbeSpec.Kind.READINESS, container);
        assertThat(readiness.port()).isEqualTo(8080);
        assertThat(readiness.http()).isTrue();
        assertThat(readiness.period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(readiness.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(readiness.failureThreshold()).isEqualTo(3);
        assertThat(readiness.successThreshold()).isEqualTo(1);
        ProbeSpec liveness = ProbeSpec.of(ProbeSpec.Kind.LIVENESS, container);
        assertThat(liveness.http()).isFalse();
        assertThat(liveness.period()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProbeSpec.of(ProbeSpec.Kind.STARTUP, container)).isNull();
    }

    @Test
    void refusesProbesItCannotRunBeforeAnythingStarts() {
        var exec = new ContainerBuilder().withName("svc").withNewReadinessProbe().withNewExec().withCommand("true").endExec()
                .endReadinessProbe().build();
        assertThatThrownBy(() -> ProbeSpec.of(ProbeSpec.Kind.READINESS, exec)).hasMessageContaining("neither httpGet nor tcpSocket");
        var unknownPort = new ContainerBuilder().withName("svc").withNewReadinessProbe().withNewHttpGet().withNewPort("admin")
                .endHttpGet().endReadinessProbe().build();
        assertThatThrownBy(() -> ProbeSpec.of(ProbeSpec.Kind.READINESS, unknownPort)).hasMessageContaining("no port named admin");
    }
}
