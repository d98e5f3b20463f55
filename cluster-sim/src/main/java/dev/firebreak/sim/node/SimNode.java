package dev.firebreak.sim.node;

/**
 * One Node the simulator serves: its name, the zone it stands in (regions get two nodes in two
 * zones, so topology spread has something to spread over), and its address (the InternalIP where
 * its kubelet endpoint answers the API server, for {@code kubectl logs}).
 */
public record SimNode(String name, String region, String zone, String address) {

    /** The kubelet's port, as a real node's ({@code status.daemonEndpoints.kubeletEndpoint}). */
    public static final int KUBELET_PORT = 10250;
}
