package dev.firebreak.status;

import dev.firebreak.testing.StubServer;
import dev.firebreak.testing.StubServer.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Two fake payment-svc instances, one per region, for status-svc to watch. */
public class StatusTargetsResource implements QuarkusTestResourceLifecycleManager {

    static final StubServer PAY_A = new StubServer();
    static final StubServer PAY_B = new StubServer();
    /** The edge: its view of the regions and its decisions. */
    static final StubServer EDGE = new StubServer();

    static final String EDGE_REGIONS = """
            {"at":"2026-12-01T10:00:00Z","preferredRegion":"region-a","primaryRegion":"%s","serving":{"payment-svc":"%s"},
             "regions":[{"name":"region-a","drained":false,"services":[],"database":{"reachable":%s,"role":"%s","replication":null,"lagBytes":null}},
                        {"name":"region-b","drained":false,"services":[],"database":{"reachable":true,"role":"%s","replication":"%s","lagBytes":0}}]}""";

    /** The edge as it is before any loss: region-a primary and serving, region-b a synchronous standby. */
    static void edgeNormal() {
        EDGE.on("GET", "/edge/regions", r -> Reply.json(200, EDGE_REGIONS.formatted("region-a", "region-a", true, "primary", "standby", "sync")));
        EDGE.on("GET", "/edge/events", r -> Reply.json(200, "[]"));
    }

    /** The edge after region-a's loss: region-b promoted and serving, with the decisions that got it there. */
    static void edgeAfterRegionALoss(String... events) {
        EDGE.on("GET", "/edge/regions", r -> Reply.json(200, EDGE_REGIONS.formatted("region-b", "region-b", false, "down", "primary", "none")));
        EDGE.on("GET", "/edge/events", r -> Reply.json(200, "[" + String.join(",", events) + "]"));
    }

    /** The edge as it is when its own health checks fail {@code service} in {@code region} (nothing decided yet). */
    static void edgeFailing(String region, String service) {
        String services = """
                [{"region":"%s","service":"%s","healthy":false,"since":"2026-12-01T10:00:00Z","reason":"readiness check failed 2 times in a row"}]"""
                .formatted(region, service);
        EDGE.on("GET", "/edge/regions", r -> Reply.json(200, EDGE_REGIONS.formatted("region-a", "region-a", true, "primary", "standby", "sync")
                .replace("\"name\":\"" + region + "\",\"drained\":false,\"services\":[]", "\"name\":\"" + region + "\",\"drained\":false,\"services\":" + services)));
    }

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
        EDGE.reset();
        edgeNormal();
    }

    static void breakers(StubServer stub, String paymentState) {
        breakers(stub, paymentState, Instant.now());
    }

    /** The target's one breaker, in {@code state} since {@code since} by the service's own account. */
    static void breakers(StubServer stub, String state, Instant since) {
        stub.on("GET", "/ops/circuit-breakers", r -> Reply.json(200,
                "{\"service\":\"payment-svc\",\"breakers\":[{\"name\":\"ledger\",\"state\":\"" + state + "\",\"since\":\"" + since + "\"}]}"));
    }

    @Override
    public Map<String, String> start() {
        healAll();
        Map<String, String> config = new HashMap<>();
        target(config, "pay-a", PAY_A, "region-a");
        target(config, "pay-b", PAY_B, "region-b");
        config.put("status.edge.url", EDGE.url());
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
        EDGE.stop();
    }
}
