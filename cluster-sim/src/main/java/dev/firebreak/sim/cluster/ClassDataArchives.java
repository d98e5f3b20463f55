package dev.firebreak.sim.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One AppCDS archive per service build and JDK, kept under a cache folder. Two cores must start
 * eight or more JVMs at once; with the classes a service loads already parsed and verified in an
 * archive, each start needs about a third less CPU (docs/cluster-sim.md has the figures).
 *
 * <p>No extra start is spent making one: while a service has no archive, one of its pods runs
 * with {@code -XX:ArchiveClassesAtExit}, and when it stops gracefully ({@code down}) it leaves
 * the archive every later start uses. A pod killed mid-write
 * leaves nothing that is used. A stale or foreign archive only costs the speed-up: the JVM checks
 * it against the classpath and ignores it when it does not match.
 */
public final class ClassDataArchives {

    private static final Logger LOG = Logger.getLogger(ClassDataArchives.class);

    private final Path cacheDir;
    private final String javaVersion;
    /** The pod writing each missing archive. */
    private final Map<Path, String> writers = new ConcurrentHashMap<>();

    public ClassDataArchives(Path cacheDir) {
        this.cacheDir = cacheDir;
        this.javaVersion = System.getProperty("java.vm.version", "unknown").replaceAll("[^A-Za-z0-9.+-]", "_");
    }

    /**
     * The JVM flag for a pod of the service packaged at {@code jar}: use the archive; or, for one
     * pod per service at a time, write one at exit (dumping costs CPU when pods stop, so one is enough).
     */
    public Optional<String> flagFor(Path jar, String pod) {
        Path archive = archiveFor(jar);
        if (Files.isRegularFile(archive)) {
            return Optional.of("-XX:SharedArchiveFile=" + archive);
        }
        if (!pod.equals(writers.computeIfAbsent(archive, a -> pod))) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            LOG.warnf("No class-data archives (cannot create %s): %s", cacheDir, e.getMessage());
            return Optional.empty();
        }
        return Optional.of("-XX:ArchiveClassesAtExit=" + partial(archive, pod));
    }

    /**
     * A pod of the service packaged at {@code jar} has ended; with {@code graceful}, its JVM exited
     * normally and so finished writing, and its archive becomes the service's unless one exists.
     */
    public void podEnded(Path jar, String pod, boolean graceful) {
        Path archive = archiveFor(jar);
        writers.remove(archive, pod); // another start may write it if this one did not
        Path partial = partial(archive, pod);
        try {
            if (graceful && !Files.exists(archive) && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                LOG.infof("Class-data archive for %s kept: %s", jar.getParent().getParent().getParent().getFileName(), archive);
            } else {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            LOG.warnf("Cannot keep the class-data archive %s: %s", partial, e.getMessage());
        }
    }

    /** Keyed by the build (the application model Quarkus writes on each build) and the exact JVM. */
    Path archiveFor(Path jar) {
        Path app = jar.getParent();
        String service = app.getParent().getParent().getFileName().toString();
        long built;
        try {
            Path model = app.resolve("quarkus/quarkus-application.dat");
            built = Files.getLastModifiedTime(Files.exists(model) ? model : jar).toMillis();
        } catch (IOException e) {
            built = 0;
        }
        return cacheDir.resolve(service + "-" + Long.toHexString(built) + "-" + javaVersion + ".jsa");
    }

    /** Where one pod writes its archive: pods of one service never write the same file. */
    private static Path partial(Path archive, String pod) {
        return archive.resolveSibling(archive.getFileName() + "." + pod + ".partial");
    }

}
