package dev.firebreak.sim.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the control plane's programs are: kube-apiserver, kube-controller-manager and
 * kube-scheduler v1.20.2 as {@code cluster-sim/control-plane/build-kubernetes.sh} builds them once
 * per machine (in {@code ~/.cache/firebreak/kubernetes-v1.20.2/bin}, or {@code $FIREBREAK_CACHE}),
 * and etcd from Debian's {@code etcd-server}.
 */
public record KubernetesBinaries(Path apiServer, Path controllerManager, Path scheduler, Path etcd) {

    /** The version the simulated clusters serve. */
    public static final String VERSION = "1.20.2";

    /** The build script, relative to the project root. */
    public static final String BUILD_SCRIPT = "cluster-sim/control-plane/build-kubernetes.sh";

    /** The cache the build script writes to. */
    public static Path defaultBinDir() {
        String cache = System.getenv("FIREBREAK_CACHE");
        if (cache == null || cache.isBlank()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            cache = (xdg == null || xdg.isBlank() ? System.getProperty("user.home") + "/.cache" : xdg) + "/firebreak";
        }
        return Path.of(cache, "kubernetes-v" + VERSION, "bin");
    }

    /** The binaries in {@code binDir} and etcd on the PATH; fails saying what is missing and how to get it. */
    public static KubernetesBinaries find(Path binDir) {
        List<String> missing = new ArrayList<>();
        Path apiServer = binDir.resolve("kube-apiserver");
        Path controllerManager = binDir.resolve("kube-controller-manager");
        Path scheduler = binDir.resolve("kube-scheduler");
        for (Path p : List.of(apiServer, controllerManager, scheduler)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        Optional<Path> etcd = onPath("etcd");
        if (etcd.isEmpty()) {
            missing.add("etcd (Debian package etcd-server)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The simulated clusters' control planes are not built: missing " + String.join(", ", missing)
                    + ". Run " + BUILD_SCRIPT + " once (about 15 minutes on 2 cores; ./firebreak up runs it for you).");
        }
        return new KubernetesBinaries(apiServer, controllerManager, scheduler, etcd.get());
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path sbin = Path.of("/usr/bin", name);
        return Files.isExecutable(sbin) ? Optional.of(sbin) : Optional.empty();
    }

    /** Whether the binaries answer with the expected version (a quick sanity check of a cache). */
    public boolean servesExpectedVersion() {
        try {
            Process p = new ProcessBuilder(apiServer.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.contains("v" + VERSION);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
