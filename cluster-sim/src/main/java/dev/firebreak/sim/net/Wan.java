package dev.firebreak.sim.net;

import dev.firebreak.sim.topology.Site;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every path between sites. A link joins two sites and is made of one {@link WanLink} per
 * direction and remote Service; a fault or latency set on a link applies to all of them, both
 * ways, so a drill can partition region-a from region-b while both still reach the global site.
 */
public final class Wan implements AutoCloseable {

    /** Latency each way unless a drill changes it: two nearby data centres. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(2);

    /** The state of one link, as {@code status} reports it. */
    public record LinkState(String siteA, String siteB, LinkFault fault, long latencyMs) {
    }

    private final Vertx vertx;
    private final Map<Set<String>, List<WanLink>> links = new LinkedHashMap<>();
    /** The Service each link carries, for faults on one Service's path only. */
    private final Map<WanLink, String> serviceOf = new java.util.IdentityHashMap<>();
    private final Map<Set<String>, LinkFault> faults = new LinkedHashMap<>();
    private final Map<Set<String>, Map<String, LinkFault>> serviceFaults = new LinkedHashMap<>();
    private final Map<Set<String>, Duration> latencies = new LinkedHashMap<>();
    private final Duration defaultLatency;

    public Wan(Vertx vertx, Duration defaultLatency) {
        this.vertx = vertx;
        this.defaultLatency = defaultLatency;
    }

    /**
     * Opens a path from {@code from} to {@code service} of {@code to}: {@code from}'s pods connect to
     * {@code gateway:port} and arrive at {@code targetHost:port}.
     */
    public synchronized WanLink open(Site from, Site to, String service, String gateway, int port, String targetHost, int targetPort) {
        Set<String> key = key(from.name(), to.name());
        WanLink link = WanLink.start(vertx, from + "->" + service + "." + to, gateway, port, targetHost, targetPort,
                latencies.getOrDefault(key, defaultLatency));
        links.computeIfAbsent(key, k -> new ArrayList<>()).add(link);
        serviceOf.put(link, service);
        link.fault(effective(key, service));
        faults.putIfAbsent(key, LinkFault.NONE);
        latencies.putIfAbsent(key, defaultLatency);
        return link;
    }

    /** Sets the fault of the link between two sites, both ways, on open and new connections. */
    public synchronized void fault(String siteA, String siteB, LinkFault fault) {
        Set<String> key = existing(siteA, siteB);
        faults.put(key, fault);
        links.get(key).forEach(l -> l.fault(effective(key, serviceOf.get(l))));
    }

    /**
     * Sets a fault on the path to one Service only between two sites, both ways (the witness losing
     * a region's API server, say, while everything else between them flows); a fault on the whole
     * link still applies on top of it.
     */
    public synchronized void fault(String siteA, String siteB, String service, LinkFault fault) {
        Set<String> key = existing(siteA, siteB);
        if (links.get(key).stream().noneMatch(l -> service.equals(serviceOf.get(l)))) {
            throw new IllegalArgumentException("No path to a Service '" + service + "' between " + siteA + " and " + siteB + " (Services: "
                    + links.get(key).stream().map(serviceOf::get).distinct().sorted().toList() + ")");
        }
        serviceFaults.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(service, fault);
        links.get(key).stream().filter(l -> service.equals(serviceOf.get(l))).forEach(l -> l.fault(effective(key, service)));
    }

    /** The faults on single Services' paths between two sites (those that are not NONE). */
    public synchronized Map<String, LinkFault> serviceFaults(String siteA, String siteB) {
        Map<String, LinkFault> all = new java.util.TreeMap<>(serviceFaults.getOrDefault(existing(siteA, siteB), Map.of()));
        all.values().removeIf(f -> f == LinkFault.NONE);
        return all;
    }

    private LinkFault effective(Set<String> key, String service) {
        LinkFault whole = faults.getOrDefault(key, LinkFault.NONE);
        return whole != LinkFault.NONE ? whole : serviceFaults.getOrDefault(key, Map.of()).getOrDefault(service, LinkFault.NONE);
    }

    /** Sets the one-way latency of the link between two sites. */
    public synchronized void latency(String siteA, String siteB, Duration latency) {
        Set<String> key = existing(siteA, siteB);
        latencies.put(key, latency);
        links.get(key).forEach(l -> l.latency(latency));
    }

    public synchronized LinkFault fault(String siteA, String siteB) {
        return faults.get(existing(siteA, siteB));
    }

    /** Every link touching {@code site}, by the other site's name. */
    public synchronized List<String> peersOf(String site) {
        return links.keySet().stream().filter(k -> k.contains(site))
                .map(k -> k.stream().filter(s -> !s.equals(site)).findFirst().orElseThrow()).sorted().toList();
    }

    public synchronized List<LinkState> states() {
        return links.keySet().stream().map(k -> {
            List<String> pair = k.stream().sorted().toList();
            return new LinkState(pair.get(0), pair.get(1), faults.get(k), latencies.get(k).toMillis());
        }).sorted(java.util.Comparator.comparing(LinkState::siteA).thenComparing(LinkState::siteB)).toList();
    }

    private Set<String> existing(String siteA, String siteB) {
        Set<String> key = key(siteA, siteB);
        if (!links.containsKey(key)) {
            throw new IllegalArgumentException("No WAN link between " + siteA + " and " + siteB + " (links: "
                    + states().stream().map(s -> s.siteA() + "<->" + s.siteB()).toList() + ")");
        }
        return key;
    }

    private static Set<String> key(String a, String b) {
        if (a.equals(b)) {
            throw new IllegalArgumentException("A link joins two different sites, not " + a + " to itself");
        }
        return Set.of(a, b);
    }

    @Override
    public synchronized void close() {
        links.values().forEach(l -> l.forEach(WanLink::close));
        links.clear();
        serviceOf.clear();
    }
}
