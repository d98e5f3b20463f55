package dev.firebreak.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PodPriorityTest {

    @Test
    void podsStartBehindTheRunningOnesOnlyWhenTheyCanBeRaisedAgain() {
        assertThat(new PodPriority(true, true).prefix()).containsExactly("nice", "-n", "15");
        assertThat(new PodPriority(true, false).prefix()).as("not root: a pod could never be raised, so it starts where it stays")
                .containsExactly("nice", "-n", "5");
        assertThat(new PodPriority(false, true).prefix()).isEmpty();
    }

    @Test
    void aStartedPodHasEveryThreadRaisedToTheRunningPriority() throws Exception {
        PodPriority priority = new PodPriority();
        Assumptions.assumeTrue(priority.prefix().contains("15"), "raising a priority needs root and renice");
        List<String> cmd = new ArrayList<>(priority.prefix());
        cmd.addAll(List.of("sleep", "30"));
        Process pod = new ProcessBuilder(cmd).start();
        try {
            // nice sets the priority, then becomes the pod's command: wait for it to have done so.
            assertThat(awaitNice(pod.pid(), 15)).containsOnly(15);
            priority.started(pod);
            assertThat(awaitNice(pod.pid(), 5)).containsOnly(5);
        } finally {
            pod.destroy();
        }
    }

    /** The nice values of {@code pid}'s threads once they are all {@code nice}, or as they are after 5 s. */
    private static List<Integer> awaitNice(long pid, int nice) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!nices(pid).equals(List.of(nice)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return nices(pid);
    }

    /** The nice value of each thread of {@code pid} (field 19 of /proc/pid/task/tid/stat). */
    private static List<Integer> nices(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().toList();
        }
    }
}
