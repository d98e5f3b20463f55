package dev.firebreak.chaos.load;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Reads of a wallet's balance: the cheapest request that still crosses every layer (front door,
 * service, database), for measuring what a front door costs at a given load.
 */
public final class WalletReads implements Workload {

    private final Api api;
    private final Target target;
    private final Users users;
    private final Recorder recorder;

    public WalletReads(Api api, Target target, Users users, Recorder recorder) {
        this.api = api;
        this.target = target;
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
            api.send("PUT", target.url(service(), "/wallets/" + user), users.auth(user), null);
        }
    }

    @Override
    public void once(SplittableRandom random) {
        List<String> ids = users.ids();
        String user = ids.get(random.nextInt(ids.size()));
        long start = System.nanoTime();
        Api.Answer a = api.send("GET", target.url(service(), "/wallets/" + user), users.auth(user), null);
        recorder.record(service(), start, System.nanoTime(), a.readOutcome());
    }
}
