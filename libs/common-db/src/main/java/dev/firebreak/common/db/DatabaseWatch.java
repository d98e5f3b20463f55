package dev.firebreak.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks at every server of the datasource's URL every second, each on a short-fused connection
 * of its own and all at once ({@link DatabaseHost}), and tells pgjdbc which is the primary so new
 * pool connections go straight to it. When the primary moves (a failover or switchover) or turns
 * read-only, the pool's connections are replaced at once: otherwise each would be found dead by
 * a request in turn, each costing that request seconds. A primary that stops answering is given
 * up on at its second missed look, not its first: on a starved machine one slow answer is not a
 * lost primary, and replacing every connection then would only add load.
 *
 * <p>Readiness reads the last verdict ({@link #last()}) and never waits for a look.
 */
@ApplicationScoped
public class DatabaseWatch {

    private static final Logger LOG = Logger.getLogger(DatabaseWatch.class);
    private static final long FLUSH_AT_MOST_EVERY_NANOS = 2_000_000_000L;
    /** Missed looks in a row after which the primary counts as lost. */
    static final int MISSES_TO_LOSE = 2;

    /** The verdict: a primary at {@code server} (host:port as the URL names it), or why not. */
    public record Seen(boolean primary, String server, String error) {
    }

    private final List<DatabaseHost> servers;
    private final Runnable replacePoolConnections;
    private final ExecutorService looking;

    private String primary;
    private int misses;
    private long lastFlush = System.nanoTime() - FLUSH_AT_MOST_EVERY_NANOS;
    private volatile Seen last = new Seen(false, null, "not checked yet");

    @Inject
    public DatabaseWatch(AgroalDataSource pool, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this(url, credentials(user, password), () -> pool.flush(AgroalDataSource.FlushMode.GRACEFUL));
    }

    /** Idle connections go at once, busy ones when returned: {@code replacePoolConnections} does that. */
    DatabaseWatch(String url, Properties credentials, Runnable replacePoolConnections) {
        this.servers = DatabaseHost.of(url, credentials);
        this.replacePoolConnections = replacePoolConnections;
        this.looking = Executors.newFixedThreadPool(servers.size(), r -> {
            Thread t = new Thread(r, "database-watch");
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(identity = "database-watch", every = "${firebreak.database-watch.interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        check();
    }

    /** Looks at every server now, at once; replaces the pool's connections when the primary was lost or moved. */
    public synchronized Seen check() {
        List<CompletableFuture<DatabaseHost.Look>> looks = new ArrayList<>();
        servers.forEach(s -> looks.add(CompletableFuture.supplyAsync(s::look, looking)));
        List<String> primaries = new ArrayList<>();
        List<String> why = new ArrayList<>();
        DatabaseHost.Look ofPrimary = null;
        for (int i = 0; i < servers.size(); i++) {
            String name = servers.get(i).name();
            DatabaseHost.Look look = looks.get(i).join();
            if (look.role() == DatabaseHost.Role.PRIMARY) {
                primaries.add(name);
            } else {
                why.add(name + (look.role() == DatabaseHost.Role.STANDBY ? " is a read-only standby" : " unreachable: " + look.error()));
            }
            if (name.equals(primary)) {
                ofPrimary = look;
            }
        }
        return last = judge(primaries, ofPrimary, String.join("; ", why));
    }

    private Seen judge(List<String> primaries, DatabaseHost.Look ofPrimary, String why) {
        if (!primaries.isEmpty()) {
            // Two servers claiming the primary role is the moment before the witness fences the old one:
            // stay with the one the pool already uses rather than move the pool back and forth.
            String now = primaries.contains(primary) ? primary : primaries.get(0);
            if (primaries.size() > 1) {
                LOG.warnf("Database: %s all report themselves primary; staying with %s", primaries, now);
            }
            if (primary != null && !primary.equals(now)) {
                replacePool("the primary moved from " + primary + " to " + now);
            }
            primary = now;
            misses = 0;
            return new Seen(true, now, null);
        }
        if (primary == null) {
            return new Seen(false, null, "no primary: " + why);
        }
        if (ofPrimary != null && ofPrimary.role() == DatabaseHost.Role.UNREACHABLE && ++misses < MISSES_TO_LOSE) {
            return new Seen(true, primary, null);
        }
        replacePool("the primary " + primary + " was lost (" + why + ")");
        String was = primary;
        primary = null;
        misses = 0;
        return new Seen(false, was, "no primary: " + why);
    }

    /** The last verdict, without looking again. */
    public Seen last() {
        return last;
    }

    /** Once per change, never per failed request: under load, flushing on every error would close healthy connections in use and feed itself. */
    private void replacePool(String why) {
        long now = System.nanoTime();
        if (now - lastFlush < FLUSH_AT_MOST_EVERY_NANOS) {
            return;
        }
        lastFlush = now;
        LOG.infof("Database: %s; replacing the pool's connections", why);
        replacePoolConnections.run();
    }

    private static Properties credentials(Optional<String> user, Optional<String> password) {
        Properties p = new Properties();
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
        return p;
    }

    @PreDestroy
    void close() {
        looking.shutdownNow();
        servers.forEach(DatabaseHost::close);
    }
}
