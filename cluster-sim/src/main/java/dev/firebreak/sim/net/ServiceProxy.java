package dev.firebreak.sim.net;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Kubernetes Service on one machine (kube-proxy's job): a stable address that spreads new
 * connections round-robin over the pods that are ready right now. With no ready pod a connection
 * is reset at once, as kube-proxy rejects it, so callers fail fast instead of hanging. When its
 * cluster loses power the address goes silent instead: accepted, never answered.
 */
public final class ServiceProxy implements AutoCloseable {

    private final String name;
    private final NetClient client;
    private final Conduit conduit;
    private final AtomicReference<List<SocketAddress>> ready = new AtomicReference<>(List.of());
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean powered = true;
    private NetServer server;

    private ServiceProxy(Vertx vertx, String name) {
        this.name = name;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTcpNoDelay(true));
        this.conduit = new Conduit(vertx, () -> !powered, () -> Duration.ZERO);
    }

    public static ServiceProxy start(Vertx vertx, String name, String host, int port) {
        ServiceProxy proxy = new ServiceProxy(vertx, name);
        proxy.server = Sockets.listen(vertx, host, port, proxy::accept, "Service " + name);
        return proxy;
    }

    /** Replaces the ready endpoints (the kubelet calls this when a pod's readiness changes). */
    public void endpoints(List<SocketAddress> endpoints) {
        ready.set(List.copyOf(endpoints));
    }

    public List<SocketAddress> endpoints() {
        return ready.get();
    }

    /**
     * The next ready endpoint, round-robin; none when no pod is ready. What an ingress controller
     * sends a request to: ingress-nginx balances each request over the Service's endpoints itself
     * rather than through its address, so a request makes one hop in a region, not two.
     */
    public Optional<SocketAddress> nextEndpoint() {
        List<SocketAddress> endpoints = ready.get();
        return endpoints.isEmpty() ? Optional.empty() : Optional.of(endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size())));
    }

    /** Power loss ({@code false}): every byte vanishes, nothing is refused. Power back ({@code true}). */
    public void powered(boolean on) {
        this.powered = on;
        if (on) {
            conduit.resumed();
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    private void accept(NetSocket in) {
        in.pause();
        if (!powered) {
            conduit.hold(in, this::route); // a dead cluster answers nothing; once it is back, this goes on
            return;
        }
        route(in);
    }

    private void route(NetSocket in) {
        Optional<SocketAddress> endpoint = nextEndpoint();
        if (endpoint.isEmpty()) {
            Sockets.reset(in);
            return;
        }
        client.connect(endpoint.get()).onComplete(ar -> {
            if (ar.failed()) {
                Sockets.reset(in);
            } else {
                conduit.join(in, ar.result());
            }
        });
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        conduit.closeAll();
        client.close();
    }
}
