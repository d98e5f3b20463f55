package dev.firebreak.chaos.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a ride: its observed states follow the lifecycle and never go back; a driver is
 * never on two active rides; a completed ride's fare is charged exactly once. Operations:
 * {@code request-ride} ({@code key}, {@code rider}; {@code rideId}, {@code driver}, {@code status}
 * when acknowledged), {@code read-ride}, {@code pickup}, {@code complete}, {@code cancel} (each
 * {@code rideId}, and the {@code status} it answered), and the read-back's {@code final-ride}
 * ({@code rideId}, {@code rider}, {@code driver}, {@code status}, {@code charge},
 * {@code transferId}), {@code final-driver} ({@code driver}, {@code activeRideId}, {@code rider}
 * of that ride) and {@code final-ledger}.
 */
final class RideRules {

    private static final Map<String, Integer> RANK = Map.of("REQUESTED", 0, "MATCHED", 1, "PICKED_UP", 2, "COMPLETED", 3, "CANCELLED", 3);
    private static final Set<String> STEPS = Set.of("request-ride", "read-ride", "pickup", "complete", "cancel", "final-ride");

    private RideRules() {
    }

    static void check(List<History.Op> ops, Verdict.Builder found, Checker.Doubts doubts) {
        legalOrder(ops, found);
        onePerDriver(ops, found);
        fareOnce(ops, found);
        requestsInDoubt(ops, found, doubts);
    }

    private static void legalOrder(List<History.Op> ops, Verdict.Builder found) {
        Map<String, List<History.Op>> byRide = new HashMap<>();
        for (History.Op op : ops) {
            if (op.ok() && STEPS.contains(op.f()) && RANK.containsKey(op.value().path("status").asText())) {
                byRide.computeIfAbsent(op.value().path("rideId").asText(), k -> new ArrayList<>()).add(op);
            }
        }
        byRide.forEach((ride, seen) -> {
            RealTime before = new RealTime(seen, op -> RANK.get(status(op)));
            History.Op pickedUp = null;
            History.Op completed = null;
            History.Op cancelled = null;
            for (History.Op later : seen) {
                History.Op earlier = before.highestBefore(later);
                if (earlier != null && RANK.get(status(later)) < RANK.get(status(earlier))) {
                    found.add(Rule.RIDE_LEGAL_ORDER, "ride " + ride + " was seen " + status(later) + " after " + status(earlier), earlier, later);
                }
                switch (status(later)) {
                    case "PICKED_UP" -> pickedUp = later;
                    case "COMPLETED" -> completed = later;
                    case "CANCELLED" -> cancelled = later;
                    default -> {
                    }
                }
            }
            if (completed != null && cancelled != null) {
                found.add(Rule.RIDE_LEGAL_ORDER, "ride " + ride + " was seen both COMPLETED and CANCELLED", completed, cancelled);
            } else if (pickedUp != null && cancelled != null) {
                found.add(Rule.RIDE_LEGAL_ORDER, "ride " + ride + " was seen CANCELLED after its pickup", pickedUp, cancelled);
            }
        });
    }

    /**
     * A ride is certainly active from its acknowledged request (it was MATCHED then) until its
     * client asked to complete or cancel it (nobody else ends it); two such stretches of one
     * driver must not overlap. A ride never ended stays active to the end.
     */
    private static void onePerDriver(List<History.Op> ops, Verdict.Builder found) {
        Map<String, Double> ended = new HashMap<>();
        for (History.Op op : ops) {
            if (op.f().equals("complete") || op.f().equals("cancel")) {
                ended.merge(op.value().path("rideId").asText(), op.invoke(), Math::min);
            }
        }
        Map<String, List<History.Op>> byDriver = new HashMap<>();
        for (History.Op op : ops) {
            if (op.f().equals("request-ride") && op.ok() && "MATCHED".equals(status(op)) && op.value().hasNonNull("driver")) {
                byDriver.computeIfAbsent(op.value().path("driver").asText(), k -> new ArrayList<>()).add(op);
            }
        }
        byDriver.forEach((driver, rides) -> {
            rides.sort(Comparator.comparingDouble(History.Op::complete));
            History.Op open = null;
            double openUntil = Double.NEGATIVE_INFINITY;
            for (History.Op ride : rides) {
                if (open != null && ride.complete() < openUntil) {
                    found.add(Rule.RIDE_ONE_PER_DRIVER, "driver " + driver + " was matched to ride " + ride.value().path("rideId").asText()
                            + " while still on ride " + open.value().path("rideId").asText(), open, ride);
                }
                double until = ended.getOrDefault(ride.value().path("rideId").asText(), Double.POSITIVE_INFINITY);
                if (until > openUntil) {
                    open = ride;
                    openUntil = until;
                }
            }
        });
    }

    private static void fareOnce(List<History.Op> ops, Verdict.Builder found) {
        Map<String, Map<String, Integer>> ledgers = new HashMap<>();
        Map<String, History.Op> ledgerOps = new HashMap<>();
        for (History.Op op : ops) {
            if (op.f().equals("final-ledger") && op.ok()) {
                Map<String, Integer> counts = new HashMap<>();
                for (JsonNode e : op.value().path("entries")) {
                    counts.merge(e.get(1).asText(), 1, Integer::sum);
                }
                ledgers.put(op.value().path("user").asText(), counts);
                ledgerOps.put(op.value().path("user").asText(), op);
            }
        }
        Map<String, History.Op> chargedBy = new HashMap<>();
        for (History.Op ride : ops) {
            if (!ride.f().equals("final-ride") || !ride.ok() || !"COMPLETED".equals(status(ride))) {
                continue;
            }
            String id = ride.value().path("rideId").asText();
            String rider = ride.value().path("rider").asText();
            String transfer = ride.value().path("transferId").asText("");
            if (!"SETTLED".equals(ride.value().path("charge").asText()) || transfer.isEmpty()) {
                found.add(Rule.RIDE_FARE_ONCE, "completed ride " + id + " was never charged (its charge is "
                        + ride.value().path("charge").asText("none") + ")", ride);
                continue;
            }
            History.Op other = chargedBy.put(transfer, ride);
            if (other != null) {
                found.add(Rule.RIDE_FARE_ONCE, "transfer " + transfer + " is the fare of two rides", other, ride);
            }
            Map<String, Integer> ledger = ledgers.get(rider);
            int n = ledger == null ? 1 : ledger.getOrDefault(transfer, 0);
            if (n != 1) {
                found.add(Rule.RIDE_FARE_ONCE, "the fare of ride " + id + " (transfer " + transfer + ") is in " + rider + "'s ledger " + n
                        + " times", ride, ledgerOps.get(rider));
            }
        }
    }

    /**
     * A ride request left in doubt committed when a driver still holds a ride of its rider that no
     * client saw acknowledged: per rider, as many of its doubted requests as such rides.
     */
    private static void requestsInDoubt(List<History.Op> ops, Verdict.Builder found, Checker.Doubts doubts) {
        Set<String> acknowledged = new HashSet<>();
        Map<String, Integer> doubted = new HashMap<>();
        boolean driversReadBack = false;
        for (History.Op op : ops) {
            if (op.f().equals("request-ride") && op.ok()) {
                acknowledged.add(op.value().path("rideId").asText());
            } else if (op.f().equals("request-ride") && op.unknown()) {
                doubted.merge(op.value().path("rider").asText(), 1, Integer::sum);
            } else if (op.f().equals("final-driver")) {
                driversReadBack = true;
            }
        }
        Map<String, Integer> held = new HashMap<>();
        for (History.Op op : ops) {
            if (op.f().equals("final-driver") && op.ok() && op.value().hasNonNull("activeRideId")
                    && !acknowledged.contains(op.value().path("activeRideId").asText())) {
                held.merge(op.value().path("rider").asText(), 1, Integer::sum);
            }
        }
        Map<String, String> finalStatus = new HashMap<>();
        ops.stream().filter(op -> op.f().equals("final-ride") && op.ok())
                .forEach(op -> finalStatus.put(op.value().path("rideId").asText(), status(op)));
        for (History.Op op : ops) {
            if (op.unknown() && (op.f().equals("pickup") || op.f().equals("complete") || op.f().equals("cancel"))) {
                String now = finalStatus.get(op.value().path("rideId").asText());
                if (now == null) {
                    found.add(Rule.IN_DOUBT_RESOLVED, op.f() + " of ride " + op.value().path("rideId").asText()
                            + " is in doubt and the ride was not read back", op);
                } else {
                    doubts.resolved(switch (op.f()) {
                        case "pickup" -> now.equals("PICKED_UP") || now.equals("COMPLETED");
                        case "complete" -> now.equals("COMPLETED");
                        default -> now.equals("CANCELLED");
                    });
                }
            }
        }
        for (var e : doubted.entrySet()) {
            if (!driversReadBack) {
                found.add(Rule.IN_DOUBT_RESOLVED, e.getValue() + " ride requests of " + e.getKey() + " are in doubt and no driver was read back");
                continue;
            }
            int committed = Math.min(e.getValue(), held.getOrDefault(e.getKey(), 0));
            for (int i = 0; i < e.getValue(); i++) {
                doubts.resolved(i < committed);
            }
        }
    }

    private static String status(History.Op op) {
        return op.value().path("status").asText();
    }
}
