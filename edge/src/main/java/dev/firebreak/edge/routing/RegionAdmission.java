package dev.firebreak.edge.routing;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.firebreak.edge.config.EdgeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How much the edge sends to a service in a region at once: an adaptive concurrency limit per
 * service and region (AIMD, Netflix concurrency-limits). Per service, as bulkheads: a service
 * that stops answering (a cold pod, a hot row) cuts its own limit, not its neighbours'. Each
 * answered request raises the limit by one while the limit is in use;
 * each request that got no answer in time (or whose connection failed) cuts it by
 * {@code backoff-ratio}, down to {@code min-limit}. Requests beyond the limit wait here, in order,
 * for at most {@code max-wait}, and are then refused without having been sent (503 region-busy).
 *
 * <p>Why: after a database failover the new primary starts cold, every pod reconnects, and every
 * client retries. Sending all of that at once kept the new primary saturated for tens of seconds
 * (database-primary-loss, docs/results.md); a fixed small bound (5 in flight) recovered in 2.5 s
 * but queued a slow WAN's ordinary traffic into timeouts (wan-latency). Slow answers do not cut the
 * limit, only missing ones: a region that is slow but answering (a 300 ms WAN) keeps its limit,
 * and one that stops answering gets less at once until it answers again.
 */
@ApplicationScoped
public class RegionAdmission {

    /** One admitted request; say once how it ended. */
    public interface Permit {
        /** The region answered (any status): a sample of its latency. */
        void answered();

        /** No answer in time, or the connection failed: the region has too much, or is gone. */
        void unanswered();

        /** Says nothing about the region (the client left, or the request was never sent). */
        void ignored();
    }

    /** A service's limit in a region now, how much of it is in use, and how many requests wait for room. */
    public record Load(int limit, int inFlight, int waiting) {
    }

    /** A request that waited for its whole timeout without room in the region's limit. */
    public static final class Full extends RuntimeException {

        private final String reason;

        Full(String where, int limit, Duration waited) {
            this(where, limit + " requests in flight (its current limit), none finished within " + waited.toMillis() + " ms");
        }

        private Full(String where, String reason) {
            super(where + ": " + reason);
            this.reason = reason;
        }

        /** Why there was no room, without where: "N requests in flight (its current limit), none finished within M ms". */
        public String reason() {
            return reason;
        }
    }

    private final EdgeConfig.Admission settings;
    private final Vertx vertx;
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    @Inject
    public RegionAdmission(EdgeConfig config, Vertx vertx) {
        this(config.admission(), vertx);
    }

    RegionAdmission(EdgeConfig.Admission settings, Vertx vertx) {
        if (settings.backoffRatio() < 0.5 || settings.backoffRatio() >= 1) {
            throw new IllegalArgumentException("edge.admission.backoff-ratio must be in [0.5, 1), not " + settings.backoffRatio());
        }
        if (settings.minLimit() < 1 || settings.minLimit() > settings.initialLimit() || settings.initialLimit() > settings.maxLimit()) {
            throw new IllegalArgumentException("edge.admission needs 1 <= min-limit <= initial-limit <= max-limit, not "
                    + settings.minLimit() + ", " + settings.initialLimit() + ", " + settings.maxLimit());
        }
        this.settings = settings;
        this.vertx = vertx;
    }

    /** Room for one request to {@code service} in {@code region}, at once or within {@code maxWait}; else fails with {@link Full}. */
    public Future<Permit> admit(String region, String service, Duration maxWait) {
        return gates.computeIfAbsent(region + "/" + service, Gate::new).admit(maxWait);
    }

    /** The load of each service in {@code region} that was sent anything, by service. */
    public Map<String, Load> load(String region) {
        Map<String, Load> all = new TreeMap<>();
        gates.forEach((key, gate) -> {
            if (key.startsWith(region + "/")) {
                all.put(key.substring(region.length() + 1), gate.load());
            }
        });
        return all;
    }

    private final class Gate {
        private final String where;
        private final SimpleLimiter<Void> limiter;
        private final Deque<Waiter> waiting = new ArrayDeque<>();

        Gate(String where) {
            this.where = where;
            this.limiter = SimpleLimiter.newBuilder().named("edge-" + where)
                    .limit(AIMDLimit.newBuilder()
                            .initialLimit(settings.initialLimit())
                            .minLimit(settings.minLimit())
                            .maxLimit(settings.maxLimit())
                            .backoffRatio(settings.backoffRatio())
                            // Only missing answers cut the limit (they are reported as drops); a slow one is still an answer.
                            .timeout(1, TimeUnit.HOURS)
                            .build())
                    .build();
        }

        Future<Permit> admit(Duration maxWait) {
            Context context = vertx.getOrCreateContext();
            Waiter waiter;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    Optional<Limiter.Listener> now = limiter.acquire(null);
                    if (now.isPresent()) {
                        return Future.succeededFuture(new Admitted(now.get()));
                    }
                }
                waiter = new Waiter(context, Promise.promise());
                waiting.addLast(waiter);
            }
            waiter.timer = vertx.setTimer(Math.max(1, maxWait.toMillis()), id -> {
                boolean expired;
                synchronized (this) {
                    expired = waiting.remove(waiter);
                }
                if (expired) {
                    waiter.context.runOnContext(v -> waiter.promise.fail(new Full(where, limiter.getLimit(), maxWait)));
                }
            });
            return waiter.promise.future();
        }

        synchronized Load load() {
            return new Load(limiter.getLimit(), limiter.getInflight(), waiting.size());
        }

        /** Lets in whoever waits, in order, while there is room. */
        private void drain() {
            List<Runnable> admitted = new ArrayList<>();
            synchronized (this) {
                while (!waiting.isEmpty()) {
                    Optional<Limiter.Listener> room = limiter.acquire(null);
                    if (room.isEmpty()) {
                        break;
                    }
                    Waiter next = waiting.removeFirst();
                    vertx.cancelTimer(next.timer);
                    Admitted permit = new Admitted(room.get());
                    admitted.add(() -> next.context.runOnContext(v -> next.promise.complete(permit)));
                }
            }
            admitted.forEach(Runnable::run);
        }

        private static final class Waiter {
            final Context context;
            final Promise<Permit> promise;
            volatile long timer;

            Waiter(Context context, Promise<Permit> promise) {
                this.context = context;
                this.promise = promise;
            }
        }

        private final class Admitted implements Permit {
            private final Limiter.Listener listener;
            private boolean done;

            Admitted(Limiter.Listener listener) {
                this.listener = listener;
            }

            @Override
            public void answered() {
                end(listener::onSuccess);
            }

            @Override
            public void unanswered() {
                end(listener::onDropped);
            }

            @Override
            public void ignored() {
                end(listener::onIgnore);
            }

            private void end(Runnable report) {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    done = true;
                }
                report.run();
                drain();
            }
        }
    }
}
