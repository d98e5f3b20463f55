package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.List;
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

    private final Users users;
    private final Wallets wallets;
    private final String run;
    private final AtomicLong seq = new AtomicLong();

    public PaymentWorkload(Api api, Target target, Users users, Recorder recorder, AckLog log, String run, Retries retries) {
        this.users = users;
        this.wallets = new Wallets(api, target, users, recorder, log, retries);
        this.run = run;
    }

    @Override
    public String service() {
        return "payment-svc";
    }

    @Override
    public void setup() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String user : users.ids()) {
            wallets.fund(user, INITIAL, run + "-init-" + user, deadline);
        }
    }

    @Override
    public void once(SplittableRandom random) {
        List<String> ids = users.ids();
        String from = ids.get(random.nextInt(ids.size()));
        if (random.nextBoolean() || ids.size() < 2) {
            wallets.topUp(from, 100 + random.nextInt(900), run + "-pay-" + seq.incrementAndGet());
        } else {
            String to = ids.get(random.nextInt(ids.size()));
            while (to.equals(from)) {
                to = ids.get(random.nextInt(ids.size()));
            }
            wallets.transfer(from, to, 1 + random.nextInt(50), run + "-pay-" + seq.incrementAndGet());
        }
    }
}
