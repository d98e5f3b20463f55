package dev.firebreak.sim.node;

import dev.firebreak.sim.kubelet.Pod;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod's status as a kubelet writes it, from what the container runtime knows of it: phase,
 * addresses, conditions (PodScheduled, Initialized, ContainersReady, Ready), and the container's
 * status (ready, started, restartCount, running / waiting in CrashLoopBackOff, the last
 * termination). A pure function, so the controller writes a status only when it differs from the
 * one the API server holds: a write is itself a change the controller sees.
 */
final class PodStatuses {

    private PodStatuses() {
    }

    /** What {@code observed} (the API's pod) should say now, given the runtime's {@code pod} on {@code node}. */
    static PodStatus of(io.fabric8.kubernetes.api.model.Pod observed, Pod.Snapshot pod, SimNode node, Instant now) {
        PodStatus before = Optional.ofNullable(observed.getStatus()).orElse(new PodStatus());
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        boolean everStarted = pod.startedAt() != null || pod.restarts() > 0 || pod.lastFinishedAt() != null;
        String startTime = before.getStartTime() != null ? before.getStartTime() : time;
        List<PodCondition> conditions = List.of(
                condition(before, "Initialized", true, time),
                condition(before, "Ready", pod.ready(), time),
                condition(before, "ContainersReady", pod.ready(), time),
                condition(before, "PodScheduled", true, time));
        var container = observed.getSpec().getContainers().get(0);
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                .withImageID("sim://" + container.getImage()).withReady(pod.ready()).withStarted(pod.started())
                .withRestartCount(pod.restarts()).withState(state(pod, time));
        if (pod.pid() != null) {
            status.withContainerID("sim://" + pod.pid());
        }
        if (pod.lastExitCode() != null && pod.lastFinishedAt() != null) {
            status.withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(pod.lastExitCode())
                    .withReason(pod.lastExitCode() == 0 ? "Completed" : "Error")
                    .withFinishedAt(pod.lastFinishedAt().truncatedTo(ChronoUnit.SECONDS).toString()).endTerminated().build());
        }
        return new PodStatusBuilder().withPhase(everStarted ? "Running" : "Pending").withHostIP(node.address())
                .withPodIP(pod.address()).withPodIPs(new PodIPBuilder().withIp(pod.address()).build())
                .withStartTime(startTime).withQosClass(before.getQosClass() != null ? before.getQosClass() : "Burstable")
                .withConditions(conditions).withContainerStatuses(status.build()).build();
    }

    private static ContainerState state(Pod.Snapshot pod, String time) {
        return switch (pod.phase()) {
            case RUNNING -> new ContainerStateBuilder().withNewRunning()
                    .withStartedAt(pod.startedAt() == null ? time : pod.startedAt().truncatedTo(ChronoUnit.SECONDS).toString()).endRunning().build();
            case BACK_OFF -> new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off restarting failed container").endWaiting().build();
            case TERMINATED, LOST -> new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build();
        };
    }

    /** The condition, keeping its last transition time while its value does not change. */
    private static PodCondition condition(PodStatus before, String type, boolean value, String now) {
        String status = value ? "True" : "False";
        String since = Optional.ofNullable(before.getConditions()).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus())).map(PodCondition::getLastTransitionTime)
                .filter(Objects::nonNull).findFirst().orElse(now);
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }

    /** Whether the API's status says something other than {@code desired} about what users and controllers read. */
    static boolean differs(PodStatus current, PodStatus desired) {
        if (current == null) {
            return true;
        }
        if (!Objects.equals(current.getPhase(), desired.getPhase()) || !Objects.equals(current.getPodIP(), desired.getPodIP())
                || !Objects.equals(current.getHostIP(), desired.getHostIP())) {
            return true;
        }
        for (PodCondition want : desired.getConditions()) {
            boolean same = Optional.ofNullable(current.getConditions()).orElse(List.of()).stream()
                    .anyMatch(c -> want.getType().equals(c.getType()) && want.getStatus().equals(c.getStatus()));
            if (!same) {
                return true;
            }
        }
        List<ContainerStatus> now = Optional.ofNullable(current.getContainerStatuses()).orElse(List.of());
        if (now.size() != 1) {
            return true;
        }
        ContainerStatus a = now.get(0);
        ContainerStatus b = desired.getContainerStatuses().get(0);
        return !Objects.equals(a.getReady(), b.getReady()) || !Objects.equals(a.getStarted(), b.getStarted())
                || !Objects.equals(a.getRestartCount(), b.getRestartCount()) || !Objects.equals(a.getContainerID(), b.getContainerID())
                || stateKind(a.getState()) != stateKind(b.getState())
                || !Objects.equals(reason(a.getState()), reason(b.getState()));
    }

    private static int stateKind(ContainerState s) {
        return s == null ? -1 : s.getRunning() != null ? 0 : s.getWaiting() != null ? 1 : s.getTerminated() != null ? 2 : -1;
    }

    private static String reason(ContainerState s) {
        return s == null || s.getWaiting() == null ? null : s.getWaiting().getReason();
    }
}
