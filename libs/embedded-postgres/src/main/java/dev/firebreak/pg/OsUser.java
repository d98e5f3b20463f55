package dev.firebreak.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a PostgreSQL process runs as. initdb, pg_ctl and postgres refuse to run as root, so when
 * the JVM is root (CI, containers) they run as an unprivileged user that has a passwd entry:
 * {@code $FIREBREAK_PG_OS_USER}, else {@code nobody}; {@code setpriv} (util-linux) switches to it.
 */
public final class OsUser {

    /** Environment variable naming the unprivileged user to run PostgreSQL as when the JVM is root. */
    public static final String ENV = "FIREBREAK_PG_OS_USER";

    private final String name;
    private final int uid;
    private final int gid;
    private final boolean switchUser;

    private OsUser(String name, int uid, int gid, boolean switchUser) {
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switchUser = switchUser;
    }

    /** The current user if it is not root; otherwise the configured unprivileged user. */
    public static OsUser forPostgres() {
        int self = Integer.parseInt(run("id", "-u"));
        if (self != 0) {
            return new OsUser(System.getProperty("user.name"), self, Integer.parseInt(run("id", "-g")), false);
        }
        String name = System.getenv().getOrDefault(ENV, "nobody");
        try {
            return new OsUser(name, Integer.parseInt(run("id", "-u", name)), Integer.parseInt(run("id", "-g", name)), true);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("PostgreSQL cannot run as root and user '" + name
                    + "' does not exist: create it or set " + ENV + " to an unprivileged user", e);
        }
    }

    /** The command line that runs {@code command} as this user. */
    public List<String> command(List<String> command) {
        return command(command, false);
    }

    /**
     * The command line that runs {@code command} as this user; with {@code diesWithParent} the
     * process gets SIGKILL when the thread that started it ends (PR_SET_PDEATHSIG), so a crashed
     * parent leaves no server behind.
     */
    public List<String> command(List<String> command, boolean diesWithParent) {
        if (!switchUser && !diesWithParent) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv"));
        if (switchUser) {
            wrapped.addAll(List.of("--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        }
        if (diesWithParent) {
            wrapped.addAll(List.of("--pdeathsig", "KILL"));
        }
        wrapped.add("--");
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code path} (not recursively) to this user. */
    public void own(Path path) {
        if (!switchUser) {
            return;
        }
        try {
            Files.setAttribute(path, "unix:uid", uid);
            Files.setAttribute(path, "unix:gid", gid);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + path + " to user " + name, e);
        }
    }

    /** Gives {@code root} and everything below it to this user. */
    public void ownTree(Path root) {
        if (!switchUser) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.forEach(this::own);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + root + " to user " + name, e);
        }
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "(" + uid + ")";
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
