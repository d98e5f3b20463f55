package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kakao T traffic: a rider requests a ride (with an {@code Idempotency-Key}), the matched driver
 * picks them up and completes it, and the fare is charged through payment-svc; a ride no driver
 * took is cancelled. Each step is retried as a careful client would (the transitions carry a key
 * too, so the edge may repeat them). A finished ride (completed or cancelled) is acknowledged.
 */
public final class RideWorkload implements Workload {

    /**
     * Where a run's drivers wait and its rides start: one of 48 taxi stands across the Seoul
     * Capital Area, picked by the run, each more than twice the matching radius (5 km) from the
     * next. Drivers of an earlier run on the same clusters (one interrupted before it took its
     * drivers off duty) are then out of this run's reach: a ride is never offered to a driver this
     * run cannot act for.
     */
    record Stand(double lat, double lon) {

        static final int ROWS = 6;
        static final int COLUMNS = 8;

        static Stand of(String run) {
            int spot = Math.floorMod(run.hashCode(), ROWS * COLUMNS);
            return new Stand(37.10 + (spot / COLUMNS) * 0.11, 126.75 + (spot % COLUMNS) * 0.125);
        }
    }

    private final Api api;
    private final Target target;
    private final Users riders;
    private final Users drivers;
    private final Recorder recorder;
    private final AckLog log;
    private final String run;
    private final Retries retries;
    private final Stand stand;
    private final AtomicLong seq = new AtomicLong();
    /** Drivers not on a ride of this run: a ride starts only with one free, so matching always has someone near. */
    private final BlockingQueue<String> free = new LinkedBlockingQueue<>();

    public RideWorkload(Api api, Target target, Users riders, Users drivers, Recorder recorder, AckLog log, String run, Retries retries) {
        this.api = api;
        this.target = target;
        this.riders = riders;
        this.drivers = drivers;
        this.recorder = recorder;
        this.log = log;
        this.run = run;
        this.retries = retries;
        this.stand = Stand.of(run);
    }

    @Override
    public String service() {
        return "taxi-svc";
    }

    /** The drivers of this run. */
    public Users drivers() {
        return drivers;
    }

    @Override
    public void setup() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String driver : drivers.ids()) {
            Users.until(deadline, "register driver " + driver, () -> api.send("PUT", target.url(service(), "/drivers/" + driver),
                    drivers.auth(driver), Api.json(Map.of("name", "Driver " + driver))).ok());
            Users.until(deadline, "place driver " + driver, () -> api.send("PUT", target.url(service(), "/drivers/" + driver + "/position"),
                    drivers.auth(driver), Api.json(Map.of("lat", stand.lat(), "lon", stand.lon(), "available", true))).ok());
            free.add(driver);
        }
        Wallets wallets = new Wallets(api, target, riders, recorder, log, retries);
        for (String rider : riders.ids()) {
            wallets.fund(rider, 5_000_000, run + "-fare-" + rider, deadline);
        }
    }

    @Override
    public void once(SplittableRandom random) {
        String reserved;
        try {
            reserved = free.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (reserved == null) {
            return; // every driver of the run is busy: a rider who finds no taxi does not ask
        }
        try {
            ride(random);
        } finally {
            free.add(reserved);
        }
    }

    private void ride(SplittableRandom random) {
        List<String> ids = riders.ids();
        String rider = ids.get(random.nextInt(ids.size()));
        String key = run + "-ride-" + seq.incrementAndGet();
        Map<String, Object> request = Map.of("pickup", Map.of("lat", stand.lat() + 0.0005, "lon", stand.lon()),
                "dropoff", Map.of("lat", stand.lat() + 0.02 + random.nextDouble() * 0.03, "lon", stand.lon() - 0.03));
        Writes.Result requested = Writes.perform(recorder, service(), retries, () -> api.send("POST", target.url(service(), "/rides"),
                Map.of("Authorization", riders.auth(rider).get("Authorization"), "Idempotency-Key", key), Api.json(request)));
        if (!requested.acked()) {
            if (requested.inDoubt()) {
                log.inDoubt(new AckLog.Write(service(), "RIDE", key, List.of(rider), 0, null, 0, requested.attempts()));
            }
            return;
        }
        String rideId = requested.answer().json().path("rideId").asText();
        String driver = requested.answer().json().path("driverId").asText(null);
        Writes.Result last;
        if (driver == null || !"MATCHED".equals(requested.answer().json().path("status").asText())) {
            last = transition(rideId, "cancel", rider, riders);
        } else {
            Writes.Result pickedUp = transition(rideId, "pickup", driver, drivers);
            last = pickedUp.acked() ? transition(rideId, "complete", driver, drivers) : pickedUp;
        }
        // The request itself was acknowledged: the ride exists and must end in a legal state.
        log.acknowledged(new AckLog.Write(service(), "RIDE", key, List.of(rider, driver == null ? "" : driver),
                last.acked() ? last.answer().json().path("fare").asLong(0) : 0, rideId, System.currentTimeMillis(),
                requested.attempts()));
    }

    /** The run's drivers go off duty: later runs on the same clusters never get this run's drivers offered. */
    @Override
    public void finish() {
        for (String driver : drivers.ids()) {
            Api.Answer a = api.send("PUT", target.url(service(), "/drivers/" + driver + "/position"), drivers.auth(driver),
                    Api.json(Map.of("lat", stand.lat(), "lon", stand.lon(), "available", false)));
            if (a.status() < 0) {
                return; // nothing answers: the run's stand keeps the next run clear of these drivers anyway
            }
        }
    }

    private Writes.Result transition(String rideId, String step, String who, Users as) {
        String key = rideId + "-" + step;
        return Writes.perform(recorder, service(), retries, () -> api.send("POST", target.url(service(), "/rides/" + rideId + "/" + step),
                Map.of("Authorization", as.auth(who).get("Authorization"), "Idempotency-Key", key), null));
    }
}
