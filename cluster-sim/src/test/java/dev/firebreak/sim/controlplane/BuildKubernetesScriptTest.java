package dev.firebreak.sim.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build-kubernetes.sh --check}, which {@code ./firebreak up} asks before it builds: only
 * binaries of v1.20.2 made by the script's current recipe count as the control plane. (Its
 * shellcheck is with the project's other scripts, in the k8s module's RealClustersTest.)
 */
class BuildKubernetesScriptTest {

    static final Path BUILD = Path.of("").toAbsolutePath().getParent().resolve("cluster-sim/control-plane/build-kubernetes.sh");

    @TempDir
    Path cache;

    @Test
    void onlyTheBinariesOfThisVersionAndRecipeAreTheControlPlane() throws Exception {
        assertThat(check()).as("an empty cache").isEqualTo(1);

        Path home = cache.resolve("kubernetes-v1.20.2");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String b : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            Files.writeString(bin.resolve(b), "#!/bin/sh\necho 'Kubernetes v1.19.0'\n").toFile().setExecutable(true);
        }
        Files.writeString(home.resolve("RECIPE"), recipe());
        assertThat(check()).as("binaries of v1.19").isEqualTo(1);

        Files.writeString(bin.resolve("kube-apiserver"), "#!/bin/sh\necho 'Kubernetes v1.20.2'\n");
        assertThat(check()).as("v1.20.2 of this recipe").isZero();

        Files.writeString(home.resolve("RECIPE"), "0");
        assertThat(check()).as("an older recipe: built again").isEqualTo(1);

        Files.writeString(home.resolve("RECIPE"), recipe());
        Files.delete(bin.resolve("kube-scheduler"));
        assertThat(check()).as("a binary missing").isEqualTo(1);
    }

    private int check() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(BUILD.toString(), "--check").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("FIREBREAK_CACHE", cache.toString());
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String recipe() throws IOException {
        return Files.readAllLines(BUILD).stream().filter(l -> l.startsWith("RECIPE=")).findFirst().orElseThrow().substring("RECIPE=".length());
    }
}
