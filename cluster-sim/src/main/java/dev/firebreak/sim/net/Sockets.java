package dev.firebreak.sim.net;

import io.netty.channel.ChannelOption;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.concurrent.TimeUnit;

/** What Vert.x's public API does not offer for sockets. */
final class Sockets {

    private Sockets() {
    }

    /** Listens on {@code host:port} (0: any free port) and waits until it does; {@code what} names it in errors. */
    static NetServer listen(Vertx vertx, String host, int port, Handler<NetSocket> handler, String what) {
        try {
            return vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true))
                    .connectHandler(handler)
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " cannot listen on " + host + ":" + port, e);
        }
    }

    /** Closes with a TCP reset (SO_LINGER 0) rather than a graceful FIN: the peer sees "connection reset". */
    static void reset(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal) {
            internal.channelHandlerContext().channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        socket.close();
    }
}
