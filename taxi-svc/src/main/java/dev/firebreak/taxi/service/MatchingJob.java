package dev.firebreak.taxi.service;

import dev.firebreak.common.db.DatabaseUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Frees drivers whose matched rider was never picked up ({@code taxi.matching.pickup-timeout}), then
 * offers rides that found no driver at request time to drivers who have since become free.
 */
@ApplicationScoped
public class MatchingJob {

    private static final Logger LOG = Logger.getLogger(MatchingJob.class);
    private static final int BATCH = 50;

    private final RideService rides;
    private final OutboxRelay relay;

    public MatchingJob(RideService rides, OutboxRelay relay) {
        this.rides = rides;
        this.relay = relay;
    }

    @Scheduled(identity = "ride-matching", every = "${taxi.matching.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        try {
            run();
        } catch (DatabaseUnavailableException e) {
            LOG.debugf("Matching skipped: %s", e.getMessage());
        }
    }

    /** One matching round; returns how many rides were matched. */
    public int run() {
        int expired = rides.expireUnpickedUp(BATCH);
        if (expired > 0) {
            LOG.infof("Cancelled %d rides not picked up in time; their drivers are free again", expired);
        }
        int matched = rides.matchWaiting(BATCH);
        if (matched > 0) {
            LOG.infof("Matched %d waiting rides", matched);
        }
        if (expired + matched > 0) {
            relay.deliverDue(null);
        }
        return matched;
    }
}
