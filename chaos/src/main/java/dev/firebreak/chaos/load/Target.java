package dev.firebreak.chaos.load;

import java.util.Map;

/**
 * Where the load goes: through the edge ({@code /payments/wallets/...}) or straight at one
 * region's ingress ({@code /wallets/...}), which is how clients reach a region without the edge.
 */
public record Target(String name, String baseUrl, boolean viaEdge) {

    private static final Map<String, String> EDGE_PREFIX = Map.of("messaging-svc", "/messaging", "payment-svc", "/payments",
            "taxi-svc", "/taxi", "status-svc", "/status");

    public static Target edge(String edgeUrl) {
        return new Target("edge", edgeUrl, true);
    }

    public static Target region(String name, String ingressUrl) {
        return new Target(name, ingressUrl, false);
    }

    /** The URL of {@code path} on {@code service} through this target. */
    public String url(String service, String path) {
        return baseUrl + (viaEdge ? EDGE_PREFIX.get(service) : "") + path;
    }
}
