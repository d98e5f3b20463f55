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
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Delivers what the outbox owes: at once after the ride change that owes it, and on a schedule
 * for whatever could not be delivered then. Delivery is at-least-once; the idempotency key of
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

    public OutboxRelay(Transactions tx, OutboxRepository outbox, FareCharger charger, RiderNotifier notifier,
            ObjectMapper json, TaxiConfig config) {
        this.tx = tx;
        this.outbox = outbox;
        this.charger = charger;
        this.notifier = notifier;
        this.json = json;
        this.config = config.outbox();
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
            LOG.warnf("Outbox %s %s refused: %s", entry.kind(), entry.idempotencyKey(), e.problem().getDetail());
            tx.write(c -> {
                outbox.markFailed(c, entry.id(), e.problem().slug() + ": " + e.problem().getDetail());
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
