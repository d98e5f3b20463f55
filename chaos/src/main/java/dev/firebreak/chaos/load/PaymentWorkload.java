package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KakaoPay traffic: top-ups and transfers between the run's users, each with its own
 * {@code Idempotency-Key}, after which the paying user looks at its balance, as a wallet app
 * does. A request that fails or gets no answer is retried with the same key (as a careful client
 * does) until it is answered or the client gives up; every attempt is recorded, the write ends up
 * acknowledged, refused, or in doubt, and both calls go to the history.
 */
public final class PaymentWorkload implements Workload {

    /** Money each user starts with, so transfers do not run dry. */
    static final long INITIAL = 1_000_000;

    private final Clients clients;
    private final Users users;
    private final Wallets wallets;
    private final String run;
    private final AtomicLong seq = new AtomicLong();

    public PaymentWorkload(Clients clients, Users users, String run) {
        this.clients = clients;
        this.users = users;
        this.wallets = new Wallets(clients, users);
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
    public void once(SplittableRandom random, long dueNanos) {
        List<String> ids = users.ids();
        String from = ids.get(random.nextInt(ids.size()));
        Calls.Result wrote;
        if (random.nextBoolean() || ids.size() < 2) {
            wrote = wallets.topUp(from, 100 + random.nextInt(900), run + "-pay-" + seq.incrementAndGet(), dueNanos);
        } else {
            String to = ids.get(random.nextInt(ids.size()));
            while (to.equals(from)) {
                to = ids.get(random.nextInt(ids.size()));
            }
            wrote = wallets.transfer(from, to, 1 + random.nextInt(50), run + "-pay-" + seq.incrementAndGet(), dueNanos);
        }
        boolean failed = wrote.failed() | wallets.readBalance(from, System.nanoTime()).failed();
        clients.recorder().activity(service(), dueNanos, failed);
    }
}
