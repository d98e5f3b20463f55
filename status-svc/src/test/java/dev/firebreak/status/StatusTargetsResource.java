package dev.firebreak.status;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Two fake payment-svc instances, one per region, for status-svc to watch. */
public class StatusTargetsResource implements QuarkusTestResourceLifecycleManager {

    static final StubServer PAY_A = new StubServer();
    static final StubServer PAY_B = new StubServer();

    static final String HEALTHY = """
            {"status":"UP","checks":[{"name":"process","status":"UP"},{"name":"database","status":"UP","data":{"role":"primary"}}]}""";
    static final String DB_DOWN = """
            {"status":"DOWN","checks":[{"name":"process","status":"UP"},{"name":"database","status":"DOWN","data":{"error":"database unreachable: Connection refused"}}]}""";

    /** Both targets healthy with closed breakers. */
    static void healAll() {
        for (StubServer stub : new StubServer[] {PAY_A, PAY_B}) {
            stub.reset();
            stub.on("GET", "/q/health", r -> Reply.json(200, HEALTHY));
            breakers(stub, "CLOSED");
        }
    }

    static void breakers(StubServer stub, String paymentState) {
        stub.on("GET", "/ops/circuit-breakers", r -> Reply.json(200,
                "{\"service\":\"payment-svc\",\"breakers\":[{\"name\":\"ledger\",\"state\":\"" + paymentState + "\"}]}"));
    }

    @Override
    public Map<String, String> start() {
        healAll();
        Map<String, String> config = new HashMap<>();
        target(config, "pay-a", PAY_A, "region-a");
        target(config, "pay-b", PAY_B, "region-b");
        return config;
    }

    private static void target(Map<String, String> config, String name, StubServer stub, String region) {
        config.put("status.targets." + name + ".url", stub.url());
        config.put("status.targets." + name + ".region", region);
        config.put("status.targets." + name + ".service", "payment-svc");
    }

    @Override
    public void stop() {
        PAY_A.stop();
        PAY_B.stop();
    }
}
