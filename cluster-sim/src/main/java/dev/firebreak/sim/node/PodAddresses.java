package dev.firebreak.sim.node;

import dev.firebreak.sim.topology.AddressPlan;
import dev.firebreak.sim.topology.Site;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod IPs of one cluster (its CNI's IPAM): each running pod holds one loopback address of the
 * site's pod range until it is gone, and a freed address is given out again lowest first.
 */
final class PodAddresses {

    private static final int MAX_PODS = 200;

    private final AddressPlan plan;
    private final Site site;
    private final Map<String, Integer> taken = new ConcurrentHashMap<>();
    private final TreeSet<Integer> free = new TreeSet<>();

    PodAddresses(AddressPlan plan, Site site) {
        this.plan = plan;
        this.site = site;
        for (int n = 0; n < MAX_PODS; n++) {
            free.add(n);
        }
    }

    /** The address of the pod with {@code key}, taking a free one the first time. */
    synchronized String take(String key) {
        Integer n = taken.get(key);
        if (n == null) {
            if (free.isEmpty()) {
                throw new IllegalStateException("No pod address left in " + site + " (" + MAX_PODS + " pods at most)");
            }
            n = free.pollFirst();
            taken.put(key, n);
        }
        return plan.pod(site, n);
    }

    synchronized void release(String key) {
        Integer n = taken.remove(key);
        if (n != null) {
            free.add(n);
        }
    }
}
