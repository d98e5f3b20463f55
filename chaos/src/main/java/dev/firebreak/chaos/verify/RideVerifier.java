package dev.firebreak.chaos.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads every acknowledged ride back: it must exist, be in a legal final state (completed or
 * cancelled), and a completed ride's fare must be charged once it settles (SETTLED; PENDING only
 * while payment-svc is still away). Every driver must be free at the end: a ride nobody asked for
 * (a request applied twice) would still hold its driver. The fares it finds settled go to the
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

    public Result verify(Users riders, Users drivers, AckLog log, boolean chargesMustBeSettled) {
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
            Api.Answer a = api.send("GET", target.url("taxi-svc", "/rides/" + w.id()), riders.auth(rider), null);
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
                if (charge.equals("FAILED") || (chargesMustBeSettled && !charge.equals("SETTLED"))) {
                    problems.add("ride " + w.id() + ": fare " + ride.path("fare").asLong() + " is " + charge + " ("
                            + ride.path("charge").path("lastError").asText("") + ")");
                }
            }
        }
        long duplicated = 0;
        for (String driver : drivers.ids()) {
            Api.Answer a = api.send("GET", target.url("taxi-svc", "/drivers/" + driver), drivers.auth(driver), null);
            if (!a.ok()) {
                problems.add("cannot read driver " + driver + ": " + a.status());
            } else if (!a.json().path("activeRideId").isNull() && !a.json().path("activeRideId").isMissingNode()) {
                duplicated++;
                problems.add("driver " + driver + " still holds ride " + a.json().path("activeRideId").asText()
                        + ": a ride request applied twice, or a ride nobody finished");
            }
        }
        long inDoubt = log.inDoubt().stream().filter(w -> w.service().equals("taxi-svc")).count();
        return new Result(new Verification("taxi-svc", acknowledged, lost, duplicated, inDoubt, 0, problems.isEmpty(), problems), charges);
    }
}
