package dev.firebreak.chaos.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * KakaoPay calls of the run's users: writes each with its own {@code Idempotency-Key}, retried as
 * a careful client does and logged (acknowledged or in doubt, every one of them is something the
 * payment verifier expects to find in the ledger, exactly once or at most once), and balance
 * reads: the wallet's newest ledger entry, whose number says how recent the balance is.
 */
final class Wallets {

    private static final String SERVICE = "payment-svc";

    private final Clients clients;
    private final Users users;

    Wallets(Clients clients, Users users) {
        this.clients = clients;
        this.users = users;
    }

    /** Opens {@code user}'s wallet and tops it up with {@code amount} before the run; throws when it cannot. */
    void fund(String user, long amount, String key, long deadlineNanos) {
        Users.until(deadlineNanos, "open the wallet of " + user, () -> clients.api().send("PUT", clients.url(SERVICE, "/wallets/" + user),
                users.auth(user), null).ok());
        if (!topUp(user, amount, key, System.nanoTime()).acked()) {
            throw new IllegalStateException("Could not fund " + user + " before the run started");
        }
    }

    Calls.Result topUp(String user, long amount, String key, long dueNanos) {
        return write("TOP_UP", "top-up", user, key, List.of(user), amount, dueNanos,
                new LinkedHashMap<>(Map.of("key", key, "user", user, "amount", amount)),
                () -> clients.api().send("POST", clients.url(SERVICE, "/wallets/" + user + "/top-ups"), headers(user, key),
                        Api.json(Map.of("amount", amount))));
    }

    Calls.Result transfer(String from, String to, long amount, String key, long dueNanos) {
        return write("TRANSFER", "transfer", from, key, List.of(from, to), amount, dueNanos,
                new LinkedHashMap<>(Map.of("key", key, "from", from, "to", to, "amount", amount)),
                () -> clients.api().send("POST", clients.url(SERVICE, "/transfers"), headers(from, key),
                        Api.json(Map.of("toUserId", to, "amount", amount, "memo", "drill"))));
    }

    /** {@code user} reads its own balance: the newest entry of its ledger. */
    Calls.Result readBalance(String user, long dueNanos) {
        return clients.read(SERVICE, user, "read-balance", dueNanos, new LinkedHashMap<>(Map.of("user", user)),
                () -> clients.api().send("GET", clients.url(SERVICE, "/wallets/" + user + "/transactions?limit=1"), users.auth(user), null),
                (answer, value) -> {
                    JsonNode newest = answer.json().path("items").path(0);
                    value.put("entryId", newest.path("entryId").asLong(0));
                    value.put("balance", newest.path("balanceAfter").asLong(0));
                    value.put("transferId", newest.path("transferId").asText(null));
                });
    }

    private Map<String, String> headers(String user, String key) {
        return Map.of("Authorization", users.auth(user).get("Authorization"), "Idempotency-Key", key);
    }

    private Calls.Result write(String kind, String f, String client, String key, List<String> who, long amount, long dueNanos,
            Map<String, Object> value, Supplier<Api.Answer> call) {
        Calls.Result r = clients.write(SERVICE, client, f, dueNanos, value, call,
                (answer, v) -> v.put("transferId", answer.json().path("transferId").asText(null)));
        if (r.acked()) {
            clients.log().acknowledged(new AckLog.Write(SERVICE, kind, key, who, amount, r.answer().json().path("transferId").asText(null),
                    System.currentTimeMillis(), r.attempts()));
        } else if (r.inDoubt()) {
            clients.log().inDoubt(new AckLog.Write(SERVICE, kind, key, who, amount, null, 0, r.attempts()));
        }
        return r;
    }
}
