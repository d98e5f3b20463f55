package dev.firebreak.sim.net;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What Vert.x's public API does not offer for sockets. */
final class Sockets {

    private Sockets() {
    }

    /** Listens on {@code host:port} (0: any free port) and waits until it does; {@code what} names it in errors. */
    static NetServer listen(Vertx vertx, String host, int port, Handler<NetSocket> handler, String what) {
        try {
            return onNextEventLoop(vertx, () -> vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                    .connectHandler(handler)
                    .listen());
        } catch (Exception e) {
            throw new IllegalStateException(what + " cannot listen on " + host + ":" + port + ": " + e.getMessage() + privilegedPortHint(port), e);
        }
    }

    /**
     * Runs {@code start} (which listens) on the next event loop, round-robin, and waits for it: the
     * server then handles its connections there. From any one outside thread Vert.x would put every
     * server on the same ("sticky") event loop, so the whole simulated network, every Service, WAN
     * link and ingress, would run on one thread: on a loaded machine that thread's fair share of a
     * core is far less than the traffic needs, and every connection across the simulator queues.
     */
    static <T> T onNextEventLoop(Vertx vertx, Supplier<Future<T>> start) throws Exception {
        ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> start.get().onComplete(done));
        return done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Services listen on the ports their manifests name, e.g. 80, which Linux reserves for root
     * unless told otherwise.
     */
    static String privilegedPortHint(int port) {
        return port > 0 && port < 1024 ? " (ports below 1024 need root, or once: sudo sysctl net.ipv4.ip_unprivileged_port_start=80)" : "";
    }

    /** Closes with a TCP reset (SO_LINGER 0) rather than a graceful FIN: the peer sees "connection reset". */
    static void reset(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            var channel = internal.channelHandlerContext().channel();
            if (!channel.isActive()) {
                return; // already closed or reset by the peer: nothing left to reset
            }
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (io.netty.channel.ChannelException closedMeanwhile) {
                // closed between the check and the option: a plain close below is all that is left
            }
        }
        socket.close();
    }
}
