package dev.firebreak.sim.node;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * client-go's work queue, in small: keys, not events, so a burst of changes to one object is one
 * reconcile; one key is never reconciled by two threads at once; a key added while it is being
 * reconciled is reconciled again after; a reconcile that throws is retried with exponential back-off
 * (10 ms doubling to 30 s), forgotten when one succeeds. Reconciles are level-triggered: they read
 * what is there, so running one again is always safe.
 */
final class WorkQueue implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkQueue.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(10);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    private final String name;
    private final Consumer<String> reconcile;
    private final ScheduledExecutorService workers;
    private final Set<String> queued = new LinkedHashSet<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WorkQueue(String name, int threads, Consumer<String> reconcile) {
        this.name = name;
        this.reconcile = reconcile;
        this.workers = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An informer's handler that adds the key {@code key} gives each added, changed or deleted object
     * (its new state for a change); a null key adds nothing (an object this controller does not own).
     */
    <T> ResourceEventHandler<T> enqueueing(Function<T, String> key) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                addUnlessNull(key.apply(o));
            }

            @Override
            public void onUpdate(T before, T after) {
                addUnlessNull(key.apply(after));
            }

            @Override
            public void onDelete(T o, boolean finalStateUnknown) {
                addUnlessNull(key.apply(o));
            }
        };
    }

    private void addUnlessNull(String key) {
        if (key != null) {
            add(key);
        }
    }

    /** Reconciles {@code key} soon (once, however often it is added before that). */
    void add(String key) {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (running.contains(key)) {
                dirty.add(key);
                return;
            }
            if (!queued.add(key)) {
                return;
            }
        }
        workers.execute(() -> work(key));
    }

    private void work(String key) {
        synchronized (this) {
            if (!queued.remove(key) || !running.add(key)) {
                return;
            }
        }
        boolean retry = false;
        try {
            reconcile.accept(key);
            failures.remove(key);
        } catch (RuntimeException e) {
            int n = failures.merge(key, 1, Integer::sum);
            long delay = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(n - 1, 20));
            LOG.debugf("%s: reconciling %s failed (%d times), again in %d ms: %s", name, key, n, delay, e.getMessage());
            if (n == 5) {
                LOG.warnf("%s: reconciling %s keeps failing: %s", name, key, e.toString());
            }
            retry = true;
            if (!closed) {
                workers.schedule(() -> add(key), delay, TimeUnit.MILLISECONDS);
            }
        } finally {
            boolean again;
            synchronized (this) {
                running.remove(key);
                again = dirty.remove(key);
            }
            if (again && !retry) {
                add(key);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
    }
}
