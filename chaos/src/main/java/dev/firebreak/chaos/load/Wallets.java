package dev.firebreak.chaos.load;

import java.util.List;
import java.util.Map;

/**
 * KakaoPay writes of the run's users, each with its own {@code Idempotency-Key}, retried as a
 * careful client does and logged: acknowledged or in doubt, every one of them is something the
 * payment verifier expects to find in the ledger (exactly once, or at most once).
 */
final class Wallets {

    private static final String SERVICE = "payment-svc";

    private final Api api;
    private final Target target;
    private final Users users;
    private final Recorder recorder;
    private final AckLog log;
    private final Retries retries;

    Wallets(Api api, Target target, Users users, Recorder recorder, AckLog log, Retries retries) {
        this.api = api;
        this.target = target;
        this.users = users;
        this.recorder = recorder;
        this.log = log;
        this.retries = retries;
    }

    /** Opens {@code user}'s wallet and tops it up with {@code amount} before the run; throws when it cannot. */
    void fund(String user, long amount, String key, long deadlineNanos) {
        Users.until(deadlineNanos, "open the wallet of " + user, () -> api.send("PUT", target.url(SERVICE, "/wallets/" + user),
                users.auth(user), null).ok());
        if (!topUp(user, amount, key).acked()) {
            throw new IllegalStateException("Could not fund " + user + " before the run started");
        }
    }

    Writes.Result topUp(String user, long amount, String key) {
        return write("TOP_UP", key, List.of(user), amount, () -> api.send("POST", target.url(SERVICE, "/wallets/" + user + "/top-ups"),
                headers(user, key), Api.json(Map.of("amount", amount))));
    }

    Writes.Result transfer(String from, String to, long amount, String key) {
        return write("TRANSFER", key, List.of(from, to), amount, () -> api.send("POST", target.url(SERVICE, "/transfers"),
                headers(from, key), Api.json(Map.of("toUserId", to, "amount", amount, "memo", "drill"))));
    }

    private Map<String, String> headers(String user, String key) {
        return Map.of("Authorization", users.auth(user).get("Authorization"), "Idempotency-Key", key);
    }

    private Writes.Result write(String kind, String key, List<String> who, long amount, java.util.function.Supplier<Api.Answer> call) {
        Writes.Result r = Writes.perform(recorder, SERVICE, retries, call);
        if (r.acked()) {
            log.acknowledged(new AckLog.Write(SERVICE, kind, key, who, amount, r.answer().json().path("transferId").asText(null),
                    System.currentTimeMillis(), r.attempts()));
        } else if (r.inDoubt()) {
            log.inDoubt(new AckLog.Write(SERVICE, kind, key, who, amount, null, 0, r.attempts()));
        }
        return r;
    }
}
