package dev.firebreak.sim.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * A container probe with the Kubernetes defaults filled in: an HTTP GET (2xx/3xx succeeds) or a
 * TCP connect. Exec and gRPC probes are not simulated and are refused up front.
 */
public record ProbeSpec(Kind kind, String path, int port, Duration initialDelay, Duration period, Duration timeout,
        int successThreshold, int failureThreshold) {

    public enum Kind {
        STARTUP("Startup"), READINESS("Readiness"), LIVENESS("Liveness");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** An HTTP probe has a path; a TCP probe has none. */
    public boolean http() {
        return path != null;
    }

    /** The probe of {@code kind} of {@code container}, or null when the manifest defines none. */
    public static ProbeSpec of(Kind kind, Container container) {
        Probe p = switch (kind) {
            case STARTUP -> container.getStartupProbe();
            case READINESS -> container.getReadinessProbe();
            case LIVENESS -> container.getLivenessProbe();
        };
        if (p == null) {
            return null;
        }
        String path;
        IntOrString port;
        if (p.getHttpGet() != null) {
            if (p.getHttpGet().getScheme() != null && !"HTTP".equals(p.getHttpGet().getScheme())) {
                throw new IllegalStateException(container.getName() + ": only HTTP probes are simulated, not " + p.getHttpGet().getScheme());
            }
            path = p.getHttpGet().getPath() == null ? "/" : p.getHttpGet().getPath();
            port = p.getHttpGet().getPort();
        } else if (p.getTcpSocket() != null) {
            path = null;
            port = p.getTcpSocket().getPort();
        } else {
            throw new IllegalStateException(container.getName() + ": the " + kind.label().toLowerCase()
                    + " probe is neither httpGet nor tcpSocket, which is all the simulator runs");
        }
        return new ProbeSpec(kind, path, portNumber(container, port),
                Duration.ofSeconds(or(p.getInitialDelaySeconds(), 0)), Duration.ofSeconds(or(p.getPeriodSeconds(), 10)),
                Duration.ofSeconds(or(p.getTimeoutSeconds(), 1)), or(p.getSuccessThreshold(), 1), or(p.getFailureThreshold(), 3));
    }

    /** A port given by number or by the name of one of the container's ports. */
    public static int portNumber(Container container, IntOrString port) {
        if (port == null) {
            throw new IllegalStateException(container.getName() + ": a probe without a port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.matches("\\d+")) {
            return Integer.parseInt(name);
        }
        return container.getPorts() == null ? fail(container, name) : container.getPorts().stream()
                .filter(cp -> name.equals(cp.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElseGet(() -> fail(container, name));
    }

    private static int fail(Container container, String name) {
        throw new IllegalStateException(container.getName() + " has no port named " + name);
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
