package dev.firebreak.chaos.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads every acknowledged ride back: it must exist, be in a legal final state (completed or
 * cancelled), and a completed ride's fare must be charged once it settles (SETTLED; PENDING only
 * while payment-svc is still away). Every driver must be free at the end: a ride nobody
 * acknowledged still holds its driver. Such a ride is a request in doubt that its client gave up
 * on (counted as in doubt and committed) while its rider has that many requests in doubt, and a
 * request applied twice (duplicated) beyond that. The fares it finds settled go to the
 * {@link PaymentVerifier}, which finds each in the ledger exactly once.
 */
public final class RideVerifier {

    private static final Set<String> FINAL = Set.of("COMPLETED", "CANCELLED");

    private final Api api;
    private final Target target;

    public RideVerifier(Api api, Target target) {
        this.api = api;
        this.target = target;
    }

    /** A settled fare: the transfer that paid for a ride, which must be in its rider's ledger once. */
    public record Charge(String rideId, String rider, String transferId) {
    }

    /** What the rides showed, and the fares they say were charged. */
    public record Result(Verification verification, List<Charge> charges) {
    }

    /** Reads every acknowledged ride and every driver back, each to {@code history} ({@code final-ride}, {@code final-driver}). */
    public Result verify(Users riders, Users drivers, AckLog log, boolean chargesMustBeSettled, History history) {
        List<String> problems = new ArrayList<>();
        List<Charge> charges = new ArrayList<>();
        long acknowledged = 0;
        long lost = 0;
        for (AckLog.Write w : log.acknowledged()) {
            if (!w.service().equals("taxi-svc")) {
                continue;
            }
            acknowledged++;
            String rider = w.users().get(0);
            long invoked = System.nanoTime();
            Api.Answer a = api.send("GET", target.url("taxi-svc", "/rides/" + w.id()), riders.auth(rider), null);
            if (a.ok()) {
                JsonNode r = a.json();
                Map<String, Object> value = new java.util.LinkedHashMap<>(Map.of("rideId", w.id(), "rider", rider,
                        "status", r.path("status").asText(), "charge", r.path("charge").path("status").asText("")));
                value.put("driver", r.path("driverId").asText(null));
                value.put("transferId", r.path("charge").path("transferId").asText(null));
                history.add("read-back", "final-ride", History.Type.OK, invoked, System.nanoTime(), a.servedBy(), value);
            }
            if (a.status() == 404) {
                lost++;
                problems.add("acknowledged ride " + w.key() + " (" + w.id() + ") is missing");
                continue;
            }
            if (!a.ok()) {
                problems.add("cannot read ride " + w.id() + ": " + a.status() + " " + (a.error() == null ? "" : a.error()));
                continue;
            }
            JsonNode ride = a.json();
            String status = ride.path("status").asText();
            if (!FINAL.contains(status)) {
                problems.add("ride " + w.id() + " ended the run " + status + ", not completed or cancelled");
            } else if (status.equals("COMPLETED")) {
                String charge = ride.path("charge").path("status").asText();
                if (charge.equals("SETTLED")) {
                    charges.add(new Charge(w.id(), rider, ride.path("charge").path("transferId").asText()));
                }
                if (charge.equals("UNPAID") || (chargesMustBeSettled && !charge.equals("SETTLED"))) {
                    problems.add("ride " + w.id() + ": fare " + ride.path("fare").asLong() + " is " + charge + " ("
                            + ride.path("charge").path("lastError").asText("") + ")");
                }
            }
        }
        // A driver still holding a ride nobody acknowledged: a ride request applied twice, or one its
        // client never heard back about (in doubt), which it gave up on. Which, the counts tell: a
        // rider cannot hold more such rides than ride requests of theirs are in doubt.
        Map<String, Long> doubtedRequests = log.inDoubt().stream().filter(w -> w.service().equals("taxi-svc"))
                .collect(Collectors.groupingBy(w -> w.users().get(0), Collectors.counting()));
        Set<String> acknowledgedRides = log.acknowledged().stream().filter(w -> w.service().equals("taxi-svc"))
                .map(AckLog.Write::id).collect(Collectors.toSet());
        Map<String, Long> unacknowledgedHeld = new HashMap<>();
        List<String> heldRides = new ArrayList<>();
        for (String driver : drivers.ids()) {
            long invoked = System.nanoTime();
            Api.Answer a = api.send("GET", target.url("taxi-svc", "/drivers/" + driver), drivers.auth(driver), null);
            if (!a.ok()) {
                problems.add("cannot read driver " + driver + ": " + a.status());
                continue;
            }
            JsonNode held = a.json().path("activeRideId");
            if (held.isNull() || held.isMissingNode() || acknowledgedRides.contains(held.asText())) {
                Map<String, Object> value = new java.util.HashMap<>();
                value.put("driver", driver);
                value.put("activeRideId", held.isNull() || held.isMissingNode() ? null : held.asText());
                history.add("read-back", "final-driver", History.Type.OK, invoked, System.nanoTime(), a.servedBy(), value);
                continue; // free, or an acknowledged ride, whose state was judged above
            }
            Api.Answer ride = api.send("GET", target.url("taxi-svc", "/rides/" + held.asText()), drivers.auth(driver), null);
            String rider = ride.ok() ? ride.json().path("riderId").asText("?") : "?";
            history.add("read-back", "final-driver", History.Type.OK, invoked, System.nanoTime(), a.servedBy(),
                    Map.of("driver", driver, "activeRideId", held.asText(), "rider", rider));
            unacknowledgedHeld.merge(rider, 1L, Long::sum);
            heldRides.add("driver " + driver + " still holds ride " + held.asText() + " of " + rider
                    + ", which no client acknowledged: " + (rider.equals("?") ? "its rider is unknown (" + ride.status() + ")"
                            : "a ride request in doubt and given up on, or one applied twice"));
        }
        long duplicated = 0;
        long doubtedCommitted = 0;
        for (var e : unacknowledgedHeld.entrySet()) {
            long explained = Math.min(e.getValue(), doubtedRequests.getOrDefault(e.getKey(), 0L));
            doubtedCommitted += explained;
            duplicated += e.getValue() - explained;
        }
        // Rides given up on in doubt are reported, but they break no invariant: nothing was lost or applied twice.
        boolean invariantsHold = problems.isEmpty();
        problems.addAll(heldRides);
        long inDoubt = doubtedRequests.values().stream().mapToLong(Long::longValue).sum();
        return new Result(new Verification("taxi-svc", acknowledged, lost, duplicated, inDoubt, doubtedCommitted, invariantsHold,
                problems), charges);
    }
}
