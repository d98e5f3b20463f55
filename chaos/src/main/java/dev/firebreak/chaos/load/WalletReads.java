package dev.firebreak.chaos.load;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads of a wallet's balance: the cheapest request that still crosses every layer (front door,
 * service, database), for measuring what a front door costs at a given load. Given several
 * targets, the reads take turns among them (recorded under each target's name), so every target
 * sees the same moments of a noisy machine.
 */
public final class WalletReads implements Workload {

    private final Api api;
    private final List<Target> targets;
    private final Users users;
    private final Recorder recorder;
    private final AtomicLong turn = new AtomicLong();

    public WalletReads(Api api, Target target, Users users, Recorder recorder) {
        this(api, List.of(target), users, recorder);
    }

    public WalletReads(Api api, List<Target> targets, Users users, Recorder recorder) {
        this.api = api;
        this.targets = List.copyOf(targets);
        this.users = users;
        this.recorder = recorder;
    }

    @Override
    public String service() {
        return "payment-svc";
    }

    @Override
    public void setup() {
        for (String user : users.ids()) {
            api.send("PUT", targets.get(0).url(service(), "/wallets/" + user), users.auth(user), null);
        }
    }

    @Override
    public void once(SplittableRandom random, long dueNanos) {
        List<String> ids = users.ids();
        String user = ids.get(random.nextInt(ids.size()));
        Target target = targets.get((int) (turn.getAndIncrement() % targets.size()));
        long start = Math.min(dueNanos, System.nanoTime());
        Api.Answer a = api.send("GET", target.url(service(), "/wallets/" + user), users.auth(user), null);
        recorder.record(targets.size() == 1 ? service() : target.name(), start, System.nanoTime(), a.readOutcome(), a);
    }
}
