package dev.firebreak.edge;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Two regions, each one stub server standing in for all its services, with passing readiness checks. */
public class RegionStubs implements QuarkusTestResourceLifecycleManager {

    static final List<String> SERVICES = List.of("messaging-svc", "payment-svc", "taxi-svc", "status-svc");
    static StubServer regionA;
    static StubServer regionB;

    @Override
    public Map<String, String> start() {
        regionA = new StubServer();
        regionB = new StubServer();
        healthy(regionA);
        healthy(regionB);
        Map<String, String> config = new HashMap<>();
        for (String service : SERVICES) {
            config.put("edge.service-urls.region-a." + service, regionA.url());
            config.put("edge.service-urls.region-b." + service, regionB.url());
        }
        return config;
    }

    /** Forgets everything a test taught a stub and makes its readiness pass again. */
    static void healthy(StubServer stub) {
        stub.reset();
        stub.on("GET", "/q/health/ready", r -> Reply.json(200, "{\"status\":\"UP\"}"));
    }

    /** A stub answer that comes only once {@code release} opens (or after 5 s): a region that hangs. */
    static Function<StubServer.Request, Reply> heldUntil(CountDownLatch release) {
        return r -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.json(201, "{}");
        };
    }

    @Override
    public void stop() {
        regionA.stop();
        regionB.stop();
    }
}
