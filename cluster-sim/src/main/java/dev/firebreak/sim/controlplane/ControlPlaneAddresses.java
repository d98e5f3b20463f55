package dev.firebreak.sim.controlplane;

/**
 * Where one site's control plane listens, each on its own loopback address so three control
 * planes share one machine without a port clash ({@code AddressPlan#controlPlane}).
 */
public record ControlPlaneAddresses(String apiServer, String etcd, String controllerManager, String scheduler) {

    public static final int ETCD_PORT = 2379;
    public static final int ETCD_PEER_PORT = 2380;
    public static final int CONTROLLER_MANAGER_PORT = 10257;
    public static final int SCHEDULER_PORT = 10259;

    /** {@code https://<address>:6443}. */
    public String apiServerUrl() {
        return "https://" + apiServer + ":" + ControlPlane.API_PORT;
    }
}
