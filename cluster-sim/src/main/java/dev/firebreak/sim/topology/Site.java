package dev.firebreak.sim.topology;

/**
 * One failure domain: a region (a Kubernetes cluster with the services and a database) or the
 * global site. {@code index} numbers its loopback addresses (see {@link AddressPlan}).
 */
public record Site(String name, int index, boolean region) {

    public Site {
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new IllegalArgumentException("Not a cluster name (DNS label): " + name);
        }
        if (index < 1 || index > 250) {
            throw new IllegalArgumentException("Site index out of range: " + index);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
