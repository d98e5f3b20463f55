package dev.firebreak.sim.controlplane;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * An address of a site without power: connections are accepted and nothing is ever answered, as
 * when a machine vanishes behind a switch that still completes handshakes, instead of the refusal a
 * closed local port gives. A client (kubectl, the witness) waits for its own timeout, as it would for
 * a dead cluster's API server.
 */
final class SilentAddress implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SilentAddress.class);

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentAddress(ServerSocket server) {
        this.server = server;
        Thread accept = new Thread(this::accept, "silent-" + server.getLocalSocketAddress());
        accept.setDaemon(true);
        accept.start();
    }

    /** Holds {@code host:port} silent; null when something else listens there already. */
    static SilentAddress open(String host, int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 128);
            return new SilentAddress(s);
        } catch (IOException e) {
            LOG.debugf("Cannot hold %s:%d silent: %s", host, port, e.getMessage());
            return null;
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                held.add(server.accept());
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        held.clear();
    }
}
