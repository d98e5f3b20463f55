package dev.firebreak.sim.topology;

/**
 * Which loopback address everything gets, so every pod and Service listens on the port its
 * manifest names, as in a cluster. With base {@code b} and site index {@code s}:
 * <pre>
 *   127.b.s.n        pods (n from 10), the database server (n = 5)
 *   127.(b+1).s.n    Services (n from 10): kube-proxy's addresses
 *   127.(b+2).s.n    WAN gateways in site s: where s reaches another site's Services
 *   127.(b+3).s.1    the site's ingress
 *   127.(b+4).s.n    the site's control plane: API server (n = 1), etcd (2), controller manager (3),
 *                    scheduler (4); its nodes' kubelet endpoints (n from 10)
 * </pre>
 * Linux routes all of 127.0.0.0/8 to the loopback interface, so nothing needs configuring.
 * Tests use another base than {@code ./firebreak up} so both can run at once.
 */
public record AddressPlan(int base) {

    /** What {@code ./firebreak up} uses. */
    public static final int DEFAULT_BASE = 10;

    public AddressPlan {
        if (base < 1 || base > 250) {
            throw new IllegalArgumentException("Address base out of range: " + base);
        }
    }

    public String pod(Site site, int n) {
        return address(0, site, 10 + n);
    }

    public String database(Site site) {
        return address(0, site, 5);
    }

    public String service(Site site, int n) {
        return address(1, site, 10 + n);
    }

    public String wanGateway(Site from, int n) {
        return address(2, from, 10 + n);
    }

    public String ingress(Site site) {
        return address(3, site, 1);
    }

    /** Where the site's control plane listens, each part on its own address. */
    public dev.firebreak.sim.controlplane.ControlPlaneAddresses controlPlane(Site site) {
        return new dev.firebreak.sim.controlplane.ControlPlaneAddresses(address(4, site, 1), address(4, site, 2), address(4, site, 3),
                address(4, site, 4));
    }

    /** The address of the site's {@code n}th node (its InternalIP, where its kubelet endpoint listens). */
    public String node(Site site, int n) {
        return address(4, site, 10 + n);
    }

    private String address(int offset, Site site, int host) {
        if (host > 254) {
            throw new IllegalStateException("Out of addresses in site " + site + " (" + host + ")");
        }
        return "127." + (base + offset) + "." + site.index() + "." + host;
    }
}
