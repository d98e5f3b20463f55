package dev.firebreak.sim.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One direction of travel between two sites: a TCP proxy that listens on an address of the
 * calling site and forwards to an address of the other, with latency and switchable faults.
 * Every byte between sites crosses one, so a drill can cut, slow or silence a link.
 */
public final class WanLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WanLink.class);

    private final Vertx vertx;
    private final String name;
    private final SocketAddress listen;
    private final SocketAddress target;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private volatile LinkFault fault = LinkFault.NONE;
    private volatile Duration latency;
    private NetServer server;

    private WanLink(Vertx vertx, String name, SocketAddress listen, SocketAddress target, Duration latency) {
        this.vertx = vertx;
        this.name = name;
        this.listen = listen;
        this.target = target;
        this.latency = latency;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000).setTcpNoDelay(true));
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
            open.forEach(Sockets::reset);
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
        open.add(in);
        in.closeHandler(v -> open.remove(in));
        if (fault == LinkFault.BLACKHOLE) {
            // Accept and say nothing: no connection is even attempted on the far side.
            in.handler(b -> { }).resume();
            return;
        }
        client.connect(target).onComplete(ar -> {
            if (ar.failed() || fault == LinkFault.BLACKHOLE) {
                // The far side is gone: behave like a dead route, not like a refusal.
                in.handler(b -> { }).resume();
                return;
            }
            NetSocket out = ar.result();
            open.add(out);
            out.closeHandler(v -> {
                open.remove(out);
                in.close();
            });
            in.closeHandler(v -> {
                open.remove(in);
                out.close();
            });
            carry(in, out);
            carry(out, in);
            in.resume();
        });
    }

    /** Forwards {@code from}'s bytes to {@code to} in order, after the latency, unless the link is faulted. */
    private void carry(NetSocket from, NetSocket to) {
        from.handler(buffer -> {
            if (fault != LinkFault.NONE) {
                return; // swallowed: blackholed bytes simply vanish
            }
            long delay = latency.toMillis();
            if (delay <= 0) {
                write(from, to, buffer);
            } else {
                vertx.setTimer(delay, t -> {
                    if (fault == LinkFault.NONE) {
                        write(from, to, buffer);
                    }
                });
            }
        });
    }

    private static void write(NetSocket from, NetSocket to, Buffer buffer) {
        to.write(buffer);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    @Override
    public void close() {
        open.forEach(NetSocket::close);
        if (server != null) {
            server.close();
        }
        client.close();
    }
}
