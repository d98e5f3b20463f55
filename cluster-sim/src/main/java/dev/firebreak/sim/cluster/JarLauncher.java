package dev.firebreak.sim.cluster;

import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.PodLauncher;
import dev.firebreak.sim.manifest.LocalImages;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a container image as {@code java -jar <service>/target/quarkus-app/quarkus-run.jar}, as the
 * image's entry point would: the container's memory limit becomes the JVM's view of the machine's
 * memory ({@code -XX:MaxRAM}, so {@code MaxRAMPercentage} in {@code JAVA_OPTS_APPEND} means what it
 * means in the container), then {@code JAVA_OPTS_APPEND}, then flags that start small services
 * quickly on few cores. The pod resolves names through its site's hosts file (the cluster DNS).
 */
public final class JarLauncher implements PodLauncher {

    /** Small stacks, serial GC, JBoss logging; a class-data archive lists every class it skips, only failures matter. */
    static final List<String> SIM_FLAGS = List.of("-Xss512k", "-XX:+UseSerialGC",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-Xlog:cds*=error");

    /**
     * Pod-template annotation saying how the simulator compiles a pod's JVM: {@code quick} (the
     * default: C1 only and a small code cache, so two cores start a dozen JVMs fast) or {@code full}
     * (tiered C2, for pods whose throughput matters more than their start, like the edge). Inert on
     * a real cluster.
     */
    public static final String JIT_ANNOTATION = "firebreak.dev/simulator-jit";

    private final LocalImages images;
    private final Path java;
    private final Function<String, Path> hostsFileOfCluster;
    private final ClassDataArchives archives;
    private final PodPriority priority = new PodPriority();

    public JarLauncher(LocalImages images, Path java, Function<String, Path> hostsFileOfCluster, ClassDataArchives archives) {
        this.images = images;
        this.java = java;
        this.hostsFileOfCluster = hostsFileOfCluster;
        this.archives = archives;
    }

    @Override
    public void ended(Pod pod, boolean graceful) {
        archives.podEnded(jarOf(pod), archiveName(pod), graceful);
    }

    /** A started pod catches up with the running ones' CPU priority ({@link PodPriority}). */
    @Override
    public void started(Pod pod, Process process) {
        priority.started(process);
    }

    private static String archiveName(Pod pod) {
        return pod.ref().replace('/', '-');
    }

    /** The service jar a pod's image stands for. */
    public Path jarOf(Pod pod) {
        return images.jarFor(pod.container().getImage());
    }

    /** The JVM running this simulator. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The pod's command, with the service's class-data archive, or the flag that writes one at exit. */
    @Override
    public List<String> command(Pod pod) {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(priority.prefix());
        cmd.add(java.toString());
        var resources = pod.container().getResources();
        Quantity limit = resources == null || resources.getLimits() == null ? null : resources.getLimits().get("memory");
        if (limit != null) {
            cmd.add("-XX:MaxRAM=" + Quantity.getAmountInBytes(limit).longValue());
        }
        String append = pod.env().getOrDefault("JAVA_OPTS_APPEND", "").strip();
        if (!append.isEmpty()) {
            cmd.addAll(Arrays.asList(append.split("\\s+")));
        }
        cmd.addAll(SIM_FLAGS);
        if (!"full".equals(pod.annotations().get(JIT_ANNOTATION))) {
            cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=32m"));
        }
        archives.flagFor(jarOf(pod), archiveName(pod)).ifPresent(cmd::add);
        cmd.add("-Djdk.net.hosts.file=" + hostsFileOfCluster.apply(pod.cluster()));
        cmd.add("-Dvertx.disableDnsResolver=true");
        cmd.add("-jar");
        cmd.add(jarOf(pod).toString());
        return cmd;
    }
}
