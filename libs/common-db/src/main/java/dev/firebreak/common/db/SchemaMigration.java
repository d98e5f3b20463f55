package dev.firebreak.common.db;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies the Flyway migrations in the background, retrying until the database answers.
 *
 * <p>Quarkus's {@code migrate-at-start} fails the boot when the database is unreachable, which
 * turns a database failover into a crash loop of every pod. Here the process starts (liveness
 * holds), the startup probe stays down until the schema is current, and the pod becomes ready
 * on its own once a primary answers.
 */
@ApplicationScoped
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Flyway flyway;
    private final Clock clock;
    private final AtomicReference<String> version = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> completedAt = new AtomicReference<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Thread worker;

    public SchemaMigration(Flyway flyway, Clock clock) {
        this.flyway = flyway;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        Thread t = new Thread(this::migrateUntilDone, "schema-migration");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void migrateUntilDone() {
        Duration backoff = Duration.ofMillis(500);
        while (!Thread.currentThread().isInterrupted()) {
            attempts.incrementAndGet();
            try {
                var result = flyway.migrate();
                version.set(flyway.info().current() == null ? "empty" : flyway.info().current().getVersion().getVersion());
                lastError.set(null);
                completedAt.set(clock.instant());
                LOG.infof("Schema at version %s (%d migrations applied)", version.get(), result.migrationsExecuted);
                return;
            } catch (RuntimeException e) {
                lastError.set(rootMessage(e));
                LOG.warnf("Schema migration attempt %d failed, retrying in %d ms: %s", attempts.get(), backoff.toMillis(), lastError.get());
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    public boolean done() {
        return completedAt.get() != null;
    }

    public String version() {
        return version.get();
    }

    public String lastError() {
        return lastError.get();
    }

    public int attempts() {
        return attempts.get();
    }

    public Instant completedAt() {
        return completedAt.get();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
