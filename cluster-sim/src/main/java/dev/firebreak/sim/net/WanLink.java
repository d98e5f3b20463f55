package dev.firebreak.sim.net;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * One direction of travel between two sites: a TCP proxy that listens on an address of the
 * calling site and forwards to an address of the other, with latency and switchable faults.
 * Every byte between sites crosses one, so a drill can cut, slow or silence a link.
 */
public final class WanLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WanLink.class);

    private final String name;
    private final SocketAddress listen;
    private final SocketAddress target;
    private final NetClient client;
    private final Conduit conduit;
    private volatile LinkFault fault = LinkFault.NONE;
    private volatile Duration latency;
    private NetServer server;

    private WanLink(Vertx vertx, String name, SocketAddress listen, SocketAddress target, Duration latency) {
        this.name = name;
        this.listen = listen;
        this.target = target;
        this.latency = latency;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTcpNoDelay(true));
        this.conduit = new Conduit(vertx, () -> this.fault != LinkFault.NONE, () -> this.latency);
    }

    /** Starts a link listening on {@code listenHost:listenPort} and forwarding to {@code target}. */
    public static WanLink start(Vertx vertx, String name, String listenHost, int listenPort, String targetHost, int targetPort,
            Duration latency) {
        WanLink link = new WanLink(vertx, name, SocketAddress.inetSocketAddress(listenPort, listenHost),
                SocketAddress.inetSocketAddress(targetPort, targetHost), latency);
        link.server = Sockets.listen(vertx, listenHost, listenPort, link::accept, "WAN link " + name);
        return link;
    }

    /** Switches the link's fault; it applies at once to open connections too. */
    public void fault(LinkFault fault) {
        this.fault = fault;
        LOG.infof("WAN link %s: %s", name, fault);
        if (fault == LinkFault.RESET) {
            conduit.resetAll();
        } else if (fault == LinkFault.NONE) {
            conduit.resumed();
        }
    }

    public LinkFault fault() {
        return fault;
    }

    /** One-way latency added to every chunk of bytes. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    public Duration latency() {
        return latency;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    public String host() {
        return listen.host();
    }

    private void accept(NetSocket in) {
        if (fault == LinkFault.RESET) {
            Sockets.reset(in);
            return;
        }
        in.pause();
        if (fault == LinkFault.BLACKHOLE) {
            conduit.hold(in, this::connect); // no connection is even attempted on the far side until the link heals
            return;
        }
        connect(in);
    }

    private void connect(NetSocket in) {
        if (fault == LinkFault.RESET) {
            Sockets.reset(in);
            return;
        }
        client.connect(target).onComplete(ar -> {
            if (ar.failed()) {
                conduit.hold(in, this::connect); // the far side is gone: a dead route, not a refusal
            } else {
                conduit.join(in, ar.result());
            }
        });
    }

    @Override
    public void close() {
        conduit.closeAll();
        if (server != null) {
            server.close();
        }
        client.close();
    }
}
