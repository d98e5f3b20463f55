package dev.firebreak.chaos.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every acknowledged payment back from the surviving side, through the services' own API:
 * each acknowledged transfer (and each ride's settled fare) must be in the ledger of each of its
 * users exactly once; each
 * transfer found that nobody saw acknowledged must be an in-doubt write that did commit (counted,
 * and checked to have committed once); and the ledger audit must hold (money conserved, no
 * negative balance, every transfer balanced).
 */
public final class PaymentVerifier {

    private final Api api;
    private final Target target;

    public PaymentVerifier(Api api, Target target) {
        this.api = api;
        this.target = target;
    }

    /** {@code fares}: the rides' settled charges ({@link RideVerifier}), each a transfer from its rider. */
    /**
     * Reads every user's ledger back (each to {@code history} as a {@code final-ledger}) and what
     * each transfer nobody saw acknowledged was asked as (a {@code final-transfer}).
     */
    public Verification verify(Users users, AckLog log, String adminBearer, List<RideVerifier.Charge> fares, History history) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Integer>> entriesByUser = new HashMap<>();
        for (String user : users.ids()) {
            entriesByUser.put(user, transferIdsOf(user, users, problems, history));
        }
        List<AckLog.Write> acked = log.acknowledged().stream().filter(w -> w.service().equals("payment-svc")).toList();
        long lost = 0;
        long duplicated = 0;
        Set<String> ackedIds = new HashSet<>();
        Map<String, String> ackedKeys = new HashMap<>();
        for (AckLog.Write w : acked) {
            ackedIds.add(w.id());
            ackedKeys.put(w.key(), w.id());
            boolean missing = false;
            for (String user : w.users()) {
                int n = entriesByUser.getOrDefault(user, Map.of()).getOrDefault(w.id(), 0);
                if (n == 0) {
                    missing = true;
                } else if (n > 1) {
                    duplicated++;
                    problems.add("transfer " + w.id() + " (" + w.key() + ") appears " + n + " times in " + user + "'s ledger");
                }
            }
            if (missing) {
                lost++;
                problems.add("acknowledged " + w.kind() + " " + w.key() + " (transfer " + w.id() + ") is missing");
            }
        }
        Map<String, String> fareByRide = new HashMap<>();
        for (RideVerifier.Charge fare : fares) {
            fareByRide.put(fare.rideId(), fare.transferId());
            ackedIds.add(fare.transferId());
            int n = entriesByUser.getOrDefault(fare.rider(), Map.of()).getOrDefault(fare.transferId(), 0);
            if (n == 0) {
                lost++;
                problems.add("the fare of ride " + fare.rideId() + " (transfer " + fare.transferId() + ") is settled but missing from "
                        + fare.rider() + "'s ledger");
            } else if (n > 1) {
                duplicated++;
                problems.add("the fare of ride " + fare.rideId() + " appears " + n + " times in " + fare.rider() + "'s ledger");
            }
        }
        Set<String> inDoubtKeys = new HashSet<>();
        log.inDoubt().stream().filter(w -> w.service().equals("payment-svc")).forEach(w -> inDoubtKeys.add(w.key()));
        long inDoubtCommitted = 0;
        Map<String, Integer> committedByKey = new HashMap<>();
        for (var e : entriesByUser.entrySet()) {
            for (String id : e.getValue().keySet()) {
                if (ackedIds.contains(id) || committedByKey.containsKey("id:" + id)) {
                    continue;
                }
                committedByKey.put("id:" + id, 1);
                long invoked = System.nanoTime();
                Api.Answer t = api.send("GET", target.url("payment-svc", "/transfers/" + id), users.auth(e.getKey()), null);
                String key = t.json().path("idempotencyKey").asText(null);
                if (t.ok() && key != null) {
                    history.add("read-back", "final-transfer", History.Type.OK, invoked, System.nanoTime(), t.servedBy(),
                            Map.of("transferId", id, "key", key));
                }
                if (!t.ok() || key == null) {
                    problems.add("transfer " + id + " in " + e.getKey() + "'s ledger cannot be read (" + t.status() + ")");
                } else if (inDoubtKeys.contains(key)) {
                    inDoubtCommitted++;
                    if (committedByKey.merge(key, 1, Integer::sum) > 1) {
                        duplicated++;
                        problems.add("in-doubt write " + key + " committed more than once");
                    }
                } else if (key.startsWith("ride:") && fareByRide.containsKey(key.substring(5))) {
                    duplicated++;
                    problems.add("ride " + key.substring(5) + " was charged again as transfer " + id + " besides "
                            + fareByRide.get(key.substring(5)));
                } else if (ackedKeys.containsKey(key)) {
                    duplicated++;
                    problems.add("key " + key + " was applied again as transfer " + id + " besides " + ackedKeys.get(key));
                } else {
                    problems.add("transfer " + id + " (" + key + ") in " + e.getKey() + "'s ledger matches no request of this run");
                }
            }
        }
        Api.Answer audit = api.send("GET", target.url("payment-svc", "/ledger/audit"), Map.of("Authorization", adminBearer), null);
        JsonNode a = audit.json();
        boolean healthy = audit.ok() && a.path("healthy").asBoolean(false);
        if (!healthy) {
            problems.add("ledger audit: " + (audit.ok() ? a.toString() : "answered " + audit.status() + " " + audit.error()));
        }
        return new Verification("payment-svc", acked.size() + fares.size(), lost, duplicated, inDoubtKeys.size(), inDoubtCommitted, healthy, problems);
    }

    /** Every transfer id in a user's ledger, with how many entries name it; the whole ledger goes to {@code history} (a failed {@code final-ledger} when a page could not be read). */
    private Map<String, Integer> transferIdsOf(String user, Users users, List<String> problems, History history) {
        Map<String, Integer> ids = new HashMap<>();
        List<List<Object>> entries = new ArrayList<>();
        long invoked = System.nanoTime();
        History.Type read = History.Type.OK;
        String before = null;
        for (int page = 0; page < 10_000; page++) {
            String path = "/wallets/" + user + "/transactions?limit=100" + (before == null ? "" : "&before=" + before);
            Api.Answer answer = api.send("GET", target.url("payment-svc", path), users.auth(user), null);
            if (!answer.ok()) {
                problems.add("cannot read " + user + "'s ledger: " + answer.status() + " " + (answer.error() == null ? "" : answer.error()));
                read = History.Type.FAIL;
                break;
            }
            JsonNode body = answer.json();
            body.path("items").forEach(i -> {
                ids.merge(i.path("transferId").asText(), 1, Integer::sum);
                entries.add(List.of(i.path("entryId").asLong(), i.path("transferId").asText()));
            });
            before = body.path("nextCursor").isNull() || body.path("nextCursor").isMissingNode() ? null : body.path("nextCursor").asText();
            if (before == null) {
                break;
            }
        }
        history.add("read-back", "final-ledger", read, invoked, System.nanoTime(), null, Map.of("user", user, "entries", entries));
        return ids;
    }
}
