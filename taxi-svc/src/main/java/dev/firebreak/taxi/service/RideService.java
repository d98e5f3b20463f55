package dev.firebreak.taxi.service;

import dev.firebreak.common.db.SqlStates;
import dev.firebreak.common.db.Transactions;
import dev.firebreak.common.idempotency.Outcome;
import dev.firebreak.common.idempotency.RequestFingerprint;
import dev.firebreak.common.idempotency.ScopedKey;
import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import dev.firebreak.taxi.client.ChargeRequest;
import dev.firebreak.taxi.client.NoticeRequest;
import dev.firebreak.taxi.config.TaxiConfig;
import dev.firebreak.taxi.model.Charge;
import dev.firebreak.taxi.model.GeoPoint;
import dev.firebreak.taxi.model.Ride;
import dev.firebreak.taxi.model.RideStatus;
import dev.firebreak.taxi.repository.DriverRepository;
import dev.firebreak.taxi.repository.OutboxRepository;
import dev.firebreak.taxi.repository.RideRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The ride lifecycle. Each transition is one transaction that also writes what it owes other
 * services (the fare charge, the rider's notices) to the outbox; delivery is attempted right
 * after the commit and retried by {@link OutboxRelay} until it succeeds or is refused.
 *
 * <p>Over 300 lines on purpose: the lifecycle's transitions (request, match, pickup, complete,
 * cancel, settle) each take a row lock and write the outbox in one transaction; side by side they
 * show the same lock order.
 */
@ApplicationScoped
public class RideService {

    private final Transactions tx;
    private final RideRepository rides;
    private final DriverRepository drivers;
    private final OutboxRepository outbox;
    private final OutboxRelay relay;
    private final FareCalculator fares;
    private final ServiceArea area;
    private final TaxiConfig config;

    public RideService(Transactions tx, RideRepository rides, DriverRepository drivers, OutboxRepository outbox,
            OutboxRelay relay, FareCalculator fares, ServiceArea area, TaxiConfig config) {
        this.tx = tx;
        this.rides = rides;
        this.drivers = drivers;
        this.outbox = outbox;
        this.relay = relay;
        this.fares = fares;
        this.area = area;
        this.config = config;
    }

    /**
     * Requests a ride for the key's owner (the rider) and offers it to the nearest free driver;
     * idempotent by the rider's {@code key}. Refused before anything is written when the trip is
     * outside the service area or longer than the largest fare, and while the rider owes a fare.
     */
    public Outcome<Ride> request(ScopedKey key, GeoPoint pickup, GeoPoint dropoff) {
        String riderId = key.owner();
        area.requireInside(pickup, "pickup");
        area.requireInside(dropoff, "dropoff");
        long estimate = fares.fareFor(fares.distanceMeters(pickup, dropoff));
        if (estimate > config.fare().maxWon()) {
            throw Problem.of(422, "trip-too-long", "Trip too long")
                    .detail("This trip would cost about " + won(estimate) + "; one ride may cost at most "
                            + won(config.fare().maxWon()) + ". Book a shorter trip.")
                    .with("estimatedFare", estimate)
                    .with("maxFare", config.fare().maxWon())
                    .exception();
        }
        String fingerprint = RequestFingerprint.of(riderId, pickup, dropoff);
        Outcome<UUID> outcome = tx.write(c -> {
            var earlier = rides.findByKey(c, key);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint, key.key());
            }
            List<OutboxRepository.Debt> debts = outbox.unpaidBy(c, riderId);
            if (!debts.isEmpty()) {
                throw unpaid(debts);
            }
            UUID id = UUID.randomUUID();
            if (!rides.insert(c, id, key, fingerprint, pickup, dropoff)) {
                return replay(rides.findByKey(c, key).orElseThrow(), fingerprint, key.key());
            }
            tryMatch(c, id, riderId, pickup);
            return Outcome.applied(id);
        });
        relay.deliverSoon(outcome.value());
        return new Outcome<>(get(outcome.value()), outcome.replayed());
    }

    /** The ride as its rider, its driver or an admin sees it; to anyone else it does not exist. */
    public Ride get(UUID rideId, String callerId, boolean admin) {
        Ride ride = get(rideId);
        if (!admin && !callerId.equals(ride.riderId()) && !callerId.equals(ride.driverId())) {
            throw ProblemException.notFound("ride", rideId);
        }
        return ride;
    }

    Ride get(UUID rideId) {
        return tx.read(c -> withCharge(c, rides.find(c, rideId).orElseThrow(() -> ProblemException.notFound("ride", rideId))));
    }

    /** The assigned driver picks the rider up. */
    public Ride pickUp(UUID rideId, String driverId) {
        tx.write(c -> {
            Ride ride = lockForDriver(c, rideId, driverId, RideStatus.PICKED_UP);
            if (transition(ride, RideStatus.PICKED_UP)) {
                rides.pickUp(c, rideId);
            }
            return null;
        });
        return get(rideId);
    }

    /** The assigned driver ends the ride: the fare is computed and charged (or left pending). */
    public Ride complete(UUID rideId, String driverId) {
        tx.write(c -> {
            Ride ride = lockForDriver(c, rideId, driverId, RideStatus.COMPLETED);
            if (transition(ride, RideStatus.COMPLETED)) {
                int meters = fares.distanceMeters(ride.pickup(), ride.dropoff());
                long fare = fares.fareFor(meters);
                rides.complete(c, rideId, meters, fare);
                outbox.add(c, rideId, OutboxRelay.CHARGE, chargeKey(rideId),
                        relay.payload(new ChargeRequest(ride.riderId(), config.merchantId(), fare, "ride " + rideId)));
                notice(c, rideId, ride.riderId(), "completed", "Your ride is complete. Fare: " + won(fare) + ".");
            }
            return null;
        });
        relay.deliverSoon(rideId);
        return get(rideId);
    }

    /** The rider, or the assigned driver, cancels before pickup. */
    public Ride cancel(UUID rideId, String by) {
        tx.write(c -> {
            Ride ride = rides.lock(c, rideId).orElseThrow(() -> ProblemException.notFound("ride", rideId));
            if (!by.equals(ride.riderId()) && !by.equals(ride.driverId())) {
                throw ProblemException.notFound("ride", rideId);
            }
            if (transition(ride, RideStatus.CANCELLED)) {
                rides.cancel(c, rideId, by.equals(ride.riderId()) ? "rider" : "driver");
            }
            return null;
        });
        return get(rideId);
    }

    /**
     * The rider (or an admin) settles the ride's unpaid fare, after topping up: the charge is made
     * again at once, under the same key (so it is never made twice), and the ride is answered with
     * the charge as it then stands. A fare already settled or still pending is left as it is.
     */
    public Ride settle(UUID rideId, String callerId, boolean admin) {
        Ride ride = get(rideId, callerId, admin);
        if (!admin && !callerId.equals(ride.riderId())) {
            throw Problem.of(403, "not-your-fare", "Only the rider settles a fare")
                    .detail("Ride " + rideId + "'s fare is its rider's to settle.").exception();
        }
        if (ride.charge() == null) {
            throw Problem.of(409, "nothing-to-settle", "Nothing to settle")
                    .detail("Ride " + rideId + " is " + ride.status() + " and owes no fare.").with("rideStatus", ride.status()).exception();
        }
        if (tx.write(c -> outbox.reopenUnpaid(c, rideId)) || ride.charge().status() == Charge.Status.PENDING) {
            relay.deliverSoon(rideId);
        }
        return get(rideId);
    }

    private static ProblemException unpaid(List<OutboxRepository.Debt> debts) {
        long owed = debts.stream().mapToLong(OutboxRepository.Debt::fare).sum();
        OutboxRepository.Debt first = debts.get(0);
        return Problem.of(409, "unpaid-fare", "A fare is unpaid")
                .detail("You owe " + won(owed) + " for " + (debts.size() == 1 ? "ride " + first.rideId() : debts.size() + " rides")
                        + " (" + first.reason() + "). Top up your wallet, then settle it with POST /rides/" + first.rideId()
                        + "/settle; then request a ride again.")
                .with("owed", owed)
                .with("unpaidRides", debts.stream().map(d -> java.util.Map.of("rideId", d.rideId(), "fare", d.fare(),
                        "reason", d.reason() == null ? "" : d.reason())).toList())
                .exception();
    }

    /** Offers waiting rides to free drivers again; run on a schedule by {@link MatchingJob}. */
    public int matchWaiting(int limit) {
        return tx.write(c -> {
            int matched = 0;
            for (Ride ride : rides.lockWaiting(c, limit)) {
                if (tryMatch(c, ride.rideId(), ride.riderId(), ride.pickup())) {
                    matched++;
                }
            }
            return matched;
        });
    }

    /**
     * Cancels rides matched longer than {@code taxi.matching.pickup-timeout} ago and never picked
     * up, freeing their drivers, and tells each rider; run on a schedule by {@link MatchingJob}.
     */
    public int expireUnpickedUp(int limit) {
        Duration timeout = config.matching().pickupTimeout();
        return tx.write(c -> {
            List<Ride> stale = rides.lockMatchedLongerThan(c, timeout, limit);
            for (Ride ride : stale) {
                rides.cancel(c, ride.rideId(), "pickup-timeout");
                notice(c, ride.rideId(), ride.riderId(), "expired", "Your driver did not reach you within "
                        + timeout.toMinutes() + " minutes, so this ride is cancelled and nothing is charged. Please request a new ride.");
            }
            return stale.size();
        });
    }

    private static final String ONE_ACTIVE_RIDE_PER_DRIVER = "one_active_ride_per_driver";

    private boolean tryMatch(Connection c, UUID rideId, String riderId, GeoPoint pickup) throws SQLException {
        var driver = drivers.lockNearestFree(c, pickup, config.matching().radiusMeters());
        if (driver.isEmpty()) {
            return false;
        }
        try {
            rides.match(c, rideId, driver.get());
        } catch (SQLException e) {
            if (SqlStates.isViolationOf(e, ONE_ACTIVE_RIDE_PER_DRIVER)) {
                // Another request matched this driver and committed after this statement's snapshot
                // was taken (read committed: the driver row itself did not change, so the lock did not
                // recheck): a lost race, which Transactions runs again with a fresh snapshot.
                throw new SQLException("Driver " + driver.get() + " was matched by a concurrent request", SqlStates.SERIALIZATION_FAILURE, e);
            }
            throw e;
        }
        String name = drivers.find(c, driver.get()).map(d -> d.name()).orElse(driver.get());
        notice(c, rideId, riderId, "matched", "Your driver " + name + " is on the way.");
        return true;
    }

    private void notice(Connection c, UUID rideId, String riderId, String event, String text) throws SQLException {
        String clientMessageId = "ride-" + rideId + "-" + event;
        outbox.add(c, rideId, OutboxRelay.NOTICE, clientMessageId,
                relay.payload(new NoticeRequest(riderId, config.noticeSender(), clientMessageId, text)));
    }

    /**
     * True when the ride must move to {@code target}; false when it is already there (a retried
     * request: nothing to do); 409 for any other move.
     */
    static boolean transition(Ride ride, RideStatus target) {
        if (ride.status() == target) {
            return false;
        }
        if (!ride.status().canMoveTo(target)) {
            throw Problem.of(409, "illegal-ride-transition", "Illegal ride transition")
                    .detail("A " + ride.status() + " ride cannot become " + target + "; from " + ride.status()
                            + " it may become " + (ride.status().next().isEmpty() ? "nothing (final)" : ride.status().next()) + ".")
                    .with("rideStatus", ride.status())
                    .with("requested", target)
                    .exception();
        }
        return true;
    }

    private Ride lockForDriver(Connection c, UUID rideId, String driverId, RideStatus target) throws SQLException {
        Ride ride = rides.lock(c, rideId).orElseThrow(() -> ProblemException.notFound("ride", rideId));
        if (!driverId.equals(ride.driverId()) && !driverId.equals(ride.riderId())) {
            throw ProblemException.notFound("ride", rideId); // not yours: it does not exist for you
        }
        if (ride.driverId() == null) {
            transition(ride, target); // a ride without a driver cannot be driven: explain why with a 409
        }
        if (!driverId.equals(ride.driverId())) {
            throw notYourRide(rideId, driverId);
        }
        return ride;
    }

    private Ride withCharge(Connection c, Ride ride) throws SQLException {
        return outbox.findForRide(c, ride.rideId(), OutboxRelay.CHARGE)
                .map(e -> ride.withCharge(new Charge(switch (e.status()) {
                    case "DONE" -> Charge.Status.SETTLED;
                    case "UNPAID" -> Charge.Status.UNPAID;
                    default -> Charge.Status.PENDING;
                }, ride.fare() == null ? 0 : ride.fare(), e.attempts(), e.result(), e.lastError())))
                .orElse(ride);
    }

    private static Outcome<UUID> replay(RideRepository.Stored earlier, String fingerprint, String key) {
        if (!earlier.requestHash().equals(fingerprint)) {
            throw Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused for a different request")
                    .detail("Key '" + key + "' already requested ride " + earlier.ride().rideId()
                            + " with different details; use a new key for a new ride.")
                    .with("rideId", earlier.ride().rideId())
                    .exception();
        }
        return Outcome.replayed(earlier.ride().rideId());
    }

    static ProblemException notYourRide(UUID rideId, String who) {
        return Problem.of(403, "not-your-ride", "Only the driver does this")
                .detail("'" + who + "' is the rider of ride " + rideId + "; only its assigned driver picks up and completes it.")
                .exception();
    }

    static String chargeKey(UUID rideId) {
        return "ride:" + rideId;
    }

    private static String won(long amount) {
        return NumberFormat.getIntegerInstance(Locale.US).format(amount) + " won";
    }
}
