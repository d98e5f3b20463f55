package dev.firebreak.taxi.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firebreak.common.client.RejectedByDependencyException;
import dev.firebreak.common.db.DatabaseUnavailableException;
import dev.firebreak.common.db.Transactions;
import dev.firebreak.taxi.client.ChargeRequest;
import dev.firebreak.taxi.client.NoticeRequest;
import dev.firebreak.taxi.config.TaxiConfig;
import dev.firebreak.taxi.model.OutboxStats;
import dev.firebreak.taxi.repository.OutboxRepository;
import dev.firebreak.taxi.repository.OutboxRepository.Entry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Delivers what the outbox owes: at once after the ride change that owes it (the answer waits for
 * that a bounded time, {@code taxi.outbox.answer-wait}), and on a schedule for whatever could not
 * be delivered then. Delivery is at-least-once; the idempotency key of
 * each entry makes the receiver apply it once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final String CHARGE = "CHARGE";
    static final String NOTICE = "NOTICE";

    private final Transactions tx;
    private final OutboxRepository outbox;
    private final FareCharger charger;
    private final RiderNotifier notifier;
    private final ObjectMapper json;
    private final TaxiConfig.Outbox config;
    /** Deliveries at once that outlast the answer's wait. */
    private final ExecutorService background;

    public OutboxRelay(Transactions tx, OutboxRepository outbox, FareCharger charger, RiderNotifier notifier,
            ObjectMapper json, TaxiConfig config) {
        this.tx = tx;
        this.outbox = outbox;
        this.charger = charger;
        this.notifier = notifier;
        this.json = json;
        this.config = config.outbox();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(this.config.backgroundDeliveries(), this.config.backgroundDeliveries(),
                30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "outbox-delivery");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.background = pool;
    }

    /** Serialises an entry's payload. */
    String payload(Object request) {
        try {
            return json.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Scheduled(identity = "outbox-relay", every = "${taxi.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            int delivered = deliverDue(null);
            if (delivered > 0) {
                LOG.infof("Outbox: %d deliveries attempted", delivered);
            }
        } catch (DatabaseUnavailableException e) {
            LOG.debugf("Outbox relay skipped: %s", e.getMessage());
        }
    }

    /**
     * Delivers what {@code rideId} owes, waiting at most {@code answerWait} for it: the rest goes
     * on in the background (and what fails there is left to the schedule, as always).
     */
    public void deliverSoon(UUID rideId) {
        Future<?> delivery;
        try {
            delivery = background.submit(() -> {
                try {
                    deliverDue(rideId);
                } catch (RuntimeException e) {
                    LOG.warnf("Delivery for ride %s left to the outbox relay: %s", rideId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("Delivery for ride %s left to the outbox relay: %d deliveries already running", rideId, config.backgroundDeliveries());
            return;
        }
        try {
            delivery.get(config.answerWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.debugf("Delivery for ride %s goes on after the answer", rideId);
        } catch (ExecutionException e) {
            LOG.warnf("Delivery for ride %s failed: %s", rideId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    /** Attempts every due entry (of one ride, or all when {@code rideId} is null); returns how many. */
    public int deliverDue(UUID rideId) {
        List<Entry> due = tx.write(c -> outbox.claimDue(c, rideId, config.batchSize(), config.lease()));
        for (Entry entry : due) {
            deliver(entry);
        }
        return due.size();
    }

    public OutboxStats stats() {
        return tx.read(outbox::stats);
    }

    private void deliver(Entry entry) {
        try {
            Delivery delivery = switch (entry.kind()) {
                case CHARGE -> charger.charge(entry.idempotencyKey(), json.readValue(entry.payload(), ChargeRequest.class));
                case NOTICE -> notifier.notify(json.readValue(entry.payload(), NoticeRequest.class));
                default -> throw new IllegalStateException("Unknown outbox kind " + entry.kind());
            };
            if (delivery.delivered()) {
                tx.write(c -> {
                    outbox.markDone(c, entry.id(), delivery.detail());
                    return null;
                });
            } else {
                Duration backoff = backoff(entry.attempts() + 1);
                tx.write(c -> {
                    outbox.retryLater(c, entry.id(), delivery.detail(), backoff);
                    return null;
                });
            }
        } catch (RejectedByDependencyException e) {
            String reason = e.problem().slug() + ": " + e.problem().getDetail();
            if (!e.businessRefusal()) {
                // Not a verdict on the charge or notice (our token refused, a bug met, a row busy): try again later.
                LOG.warnf("Outbox %s %s not accepted (%d), will retry: %s", entry.kind(), entry.idempotencyKey(),
                        e.problem().getStatus(), e.problem().getDetail());
                tx.write(c -> {
                    outbox.retryLater(c, entry.id(), reason, backoff(entry.attempts() + 1));
                    return null;
                });
                return;
            }
            LOG.warnf("Outbox %s %s refused: %s", entry.kind(), entry.idempotencyKey(), e.problem().getDetail());
            tx.write(c -> {
                // A refused fare is not written off: the rider owes it (RideService#settle).
                if (CHARGE.equals(entry.kind())) {
                    outbox.markUnpaid(c, entry.id(), reason);
                } else {
                    outbox.markFailed(c, entry.id(), reason);
                }
                return null;
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outbox entry " + entry.id(), e);
        }
    }

    private Duration backoff(int attempts) {
        long seconds = 1L << Math.min(attempts, 10);
        Duration wait = Duration.ofSeconds(seconds);
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }
}
