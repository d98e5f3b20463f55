package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KakaoPay traffic: top-ups and transfers between the run's users, each with its own
 * {@code Idempotency-Key}. A request that fails or gets no answer is retried with the same key
 * (as a careful client does) until it is answered or the client gives up; every attempt is
 * recorded, and the write ends up acknowledged, refused, or in doubt.
 */
public final class PaymentWorkload implements Workload {

    /** Money each user starts with, so transfers do not run dry. */
    static final long INITIAL = 1_000_000;

    private final Api api;
    private final Target target;
    private final Users users;
    private final Recorder recorder;
    private final AckLog log;
    private final String run;
    private final Retries retries;
    private final AtomicLong seq = new AtomicLong();

    public PaymentWorkload(Api api, Target target, Users users, Recorder recorder, AckLog log, String run, Retries retries) {
        this.api = api;
        this.target = target;
        this.users = users;
        this.recorder = recorder;
        this.log = log;
        this.run = run;
        this.retries = retries;
    }

    @Override
    public String service() {
        return "payment-svc";
    }

    @Override
    public void setup() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String user : users.ids()) {
            Users.until(deadline, "open the wallet of " + user, () -> api.send("PUT", target.url(service(), "/wallets/" + user),
                    users.auth(user), null).ok());
            topUp(user, INITIAL, run + "-init-" + user);
        }
    }

    @Override
    public void once(SplittableRandom random) {
        List<String> ids = users.ids();
        String from = ids.get(random.nextInt(ids.size()));
        if (random.nextBoolean() || ids.size() < 2) {
            topUp(from, 100 + random.nextInt(900), run + "-pay-" + seq.incrementAndGet());
        } else {
            String to = ids.get(random.nextInt(ids.size()));
            while (to.equals(from)) {
                to = ids.get(random.nextInt(ids.size()));
            }
            transfer(from, to, 1 + random.nextInt(50), run + "-pay-" + seq.incrementAndGet());
        }
    }

    private void topUp(String user, long amount, String key) {
        write("TOP_UP", key, List.of(user), amount, () -> api.send("POST", target.url(service(), "/wallets/" + user + "/top-ups"),
                headers(user, key), Api.json(Map.of("amount", amount))));
    }

    private void transfer(String from, String to, long amount, String key) {
        write("TRANSFER", key, List.of(from, to), amount, () -> api.send("POST", target.url(service(), "/transfers"), headers(from, key),
                Api.json(Map.of("toUserId", to, "amount", amount, "memo", "drill"))));
    }

    private Map<String, String> headers(String user, String key) {
        return Map.of("Authorization", users.auth(user).get("Authorization"), "Idempotency-Key", key);
    }

    private void write(String kind, String key, List<String> who, long amount, java.util.function.Supplier<Api.Answer> call) {
        boolean maybeApplied = false;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            long start = System.nanoTime();
            Api.Answer answer = call.get();
            Outcome outcome = answer.writeOutcome();
            recorder.record(service(), start, System.nanoTime(), outcome);
            if (outcome == Outcome.ACKED) {
                log.acknowledged(new AckLog.Write(service(), kind, key, who, amount, answer.json().path("transferId").asText(null),
                        System.currentTimeMillis(), attempt));
                return;
            }
            if (outcome == Outcome.REJECTED) {
                return;
            }
            maybeApplied |= outcome == Outcome.IN_DOUBT;
            retries.pause(attempt);
        }
        if (maybeApplied) {
            log.inDoubt(new AckLog.Write(service(), kind, key, who, amount, null, 0, retries.attempts()));
        }
    }
}
