package dev.firebreak.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketsTest {

    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

    @AfterEach
    void stop() {
        vertx.close();
    }

    /**
     * Servers started one after another from one thread, as the simulator starts its Services and
     * WAN links, share the work of the event loops instead of all landing on the first.
     */
    @Test
    void serversStartedFromOneThreadServeOnDifferentEventLoops() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        NetServer first = Sockets.listen(vertx, "127.0.0.1", 0, s -> threads.add(Thread.currentThread().getName()), "first");
        NetServer second = Sockets.listen(vertx, "127.0.0.1", 0, s -> threads.add(Thread.currentThread().getName()), "second");

        for (NetServer server : new NetServer[] {first, second}) {
            try (Socket s = new Socket("127.0.0.1", server.actualPort()); OutputStream out = s.getOutputStream()) {
                out.write(1);
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == (server == first ? 1 : 2));
            }
        }

        assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
    }
}
