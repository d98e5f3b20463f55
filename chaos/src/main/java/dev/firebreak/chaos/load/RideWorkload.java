package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.LinkedHashMap;
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

    private final Clients clients;
    /** For the steps that end a ride: nobody walks away from a ride half done (load alone never leaves one active). */
    private final Clients patient;
    private final Users riders;
    private final Users drivers;
    private final String run;
    private final Stand stand;
    private final AtomicLong seq = new AtomicLong();
    /** Drivers not on a ride of this run: a ride starts only with one free, so matching always has someone near. */
    private final BlockingQueue<String> free = new LinkedBlockingQueue<>();

    public RideWorkload(Clients clients, Users riders, Users drivers, String run) {
        this.clients = clients;
        this.patient = clients.retrying(Retries.patient());
        this.riders = riders;
        this.drivers = drivers;
        this.run = run;
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
            Users.until(deadline, "register driver " + driver, () -> clients.api().send("PUT", clients.url(service(), "/drivers/" + driver),
                    drivers.auth(driver), Api.json(Map.of("name", "Driver " + driver))).ok());
            Users.until(deadline, "place driver " + driver, () -> clients.api().send("PUT", clients.url(service(), "/drivers/" + driver + "/position"),
                    drivers.auth(driver), Api.json(Map.of("lat", stand.lat(), "lon", stand.lon(), "available", true))).ok());
            free.add(driver);
        }
        Wallets wallets = new Wallets(clients, riders);
        for (String rider : riders.ids()) {
            wallets.fund(rider, 5_000_000, run + "-fare-" + rider, deadline);
        }
    }

    /**
     * One ride, if a driver of the run is free within a second (a rider who finds no taxi near
     * does not ask; that wait is the simulated street's, so the ride's first request is timed from
     * its due time plus that wait).
     */
    @Override
    public void once(SplittableRandom random, long dueNanos) {
        String reserved;
        long asked = System.nanoTime();
        try {
            reserved = free.poll(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (reserved == null) {
            return;
        }
        try {
            clients.recorder().activity(service(), dueNanos, ride(random, dueNanos + (System.nanoTime() - asked)));
        } finally {
            free.add(reserved);
        }
    }

    /**
     * Requests a ride, reads it back, and takes it through pickup and completion (or cancels it
     * when no driver matched, or when the pickup failed: a rider whose taxi never came leaves,
     * so load alone never leaves a ride MATCHED). Returns whether its client was left failed.
     */
    private boolean ride(SplittableRandom random, long dueNanos) {
        List<String> ids = riders.ids();
        String rider = ids.get(random.nextInt(ids.size()));
        String key = run + "-ride-" + seq.incrementAndGet();
        Map<String, Object> request = Map.of("pickup", Map.of("lat", stand.lat() + 0.0005, "lon", stand.lon()),
                "dropoff", Map.of("lat", stand.lat() + 0.02 + random.nextDouble() * 0.03, "lon", stand.lon() - 0.03));
        Calls.Result requested = requestRide(clients, rider, key, request, dueNanos);
        if (requested.inDoubt()) {
            // No answer after all its tries: the rider's app asks again with the same key (it may have
            // matched a driver who is now driving to nobody), and cancels what it finds.
            requested = requestRide(patient, rider, key, request, System.nanoTime());
            if (requested.acked()) {
                String found = requested.answer().json().path("rideId").asText();
                clients.log().acknowledged(new AckLog.Write(service(), "RIDE", key, List.of(rider,
                        requested.answer().json().path("driverId").asText("")), 0, found, System.currentTimeMillis(), requested.attempts()));
                transition(found, "cancel", rider, riders);
                return true;
            }
        }
        if (!requested.acked()) {
            if (requested.inDoubt()) {
                clients.log().inDoubt(new AckLog.Write(service(), "RIDE", key, List.of(rider), 0, null, 0, requested.attempts()));
            }
            return requested.failed();
        }
        String rideId = requested.answer().json().path("rideId").asText();
        String driver = requested.answer().json().path("driverId").asText(null);
        boolean failed = clients.read(service(), rider, "read-ride", System.nanoTime(), new LinkedHashMap<>(Map.of("rideId", rideId)),
                () -> clients.api().send("GET", clients.url(service(), "/rides/" + rideId), riders.auth(rider), null),
                (answer, value) -> value.put("status", answer.json().path("status").asText())).failed();
        Calls.Result last;
        if (driver == null || !"MATCHED".equals(requested.answer().json().path("status").asText())) {
            last = transition(rideId, "cancel", rider, riders);
        } else {
            Calls.Result pickedUp = transition(rideId, "pickup", driver, drivers);
            if (pickedUp.acked()) {
                last = transition(rideId, "complete", driver, drivers);
            } else {
                last = transition(rideId, "cancel", rider, riders);
                if (last.outcome() == Outcome.REJECTED) {
                    last = transition(rideId, "complete", driver, drivers); // the pickup did happen after all
                }
            }
        }
        // The request itself was acknowledged: the ride exists and must end in a legal state.
        clients.log().acknowledged(new AckLog.Write(service(), "RIDE", key, List.of(rider, driver == null ? "" : driver),
                last.acked() ? last.answer().json().path("fare").asLong(0) : 0, rideId, System.currentTimeMillis(),
                requested.attempts()));
        return failed || last.failed();
    }

    /** The run's drivers go off duty: later runs on the same clusters never get this run's drivers offered. */
    @Override
    public void finish() {
        for (String driver : drivers.ids()) {
            Api.Answer a = clients.api().send("PUT", clients.url(service(), "/drivers/" + driver + "/position"), drivers.auth(driver),
                    Api.json(Map.of("lat", stand.lat(), "lon", stand.lon(), "available", false)));
            if (a.status() < 0) {
                return; // nothing answers: the run's stand keeps the next run clear of these drivers anyway
            }
        }
    }

    private Calls.Result requestRide(Clients by, String rider, String key, Map<String, Object> request, long dueNanos) {
        return by.write(service(), rider, "request-ride", dueNanos, new LinkedHashMap<>(Map.of("key", key, "rider", rider)),
                () -> by.api().send("POST", by.url(service(), "/rides"),
                        Map.of("Authorization", riders.auth(rider).get("Authorization"), "Idempotency-Key", key), Api.json(request)),
                (answer, value) -> {
                    value.put("rideId", answer.json().path("rideId").asText());
                    value.put("driver", answer.json().path("driverId").asText(null));
                    value.put("status", answer.json().path("status").asText());
                });
    }

    /** A step of the ride; a pickup with the standard patience, the steps that end it with a patient client's. */
    private Calls.Result transition(String rideId, String step, String who, Users as) {
        String key = rideId + "-" + step;
        Clients by = step.equals("pickup") ? clients : patient;
        return by.write(service(), who, step, System.nanoTime(), new LinkedHashMap<>(Map.of("rideId", rideId)),
                () -> by.api().send("POST", by.url(service(), "/rides/" + rideId + "/" + step),
                        Map.of("Authorization", as.auth(who).get("Authorization"), "Idempotency-Key", key), null),
                (answer, value) -> {
                    value.put("status", answer.json().path("status").asText());
                    value.put("fare", answer.json().path("fare").asLong(0));
                });
    }
}
