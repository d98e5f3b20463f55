package dev.firebreak.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WanLinkTest {

    Vertx vertx;
    NetServer far;
    WanLink link;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        far = EchoServers.start(vertx, "far");
        link = WanLink.start(vertx, "a->b", "127.0.0.1", 0, "127.0.0.1", far.actualPort(), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        link.close();
        vertx.close();
    }

    @Test
    void carriesBytesBothWays() throws Exception {
        assertThat(EchoServers.ask(link.port(), "hello", 2000)).isEqualTo("far:hello");
    }

    @Test
    void addsItsLatencyEachWay() throws Exception {
        link.latency(Duration.ofMillis(150));
        long start = System.nanoTime();
        assertThat(EchoServers.ask(link.port(), "slow", 5000)).isEqualTo("far:slow");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void blackholeAcceptsConnectionsButNothingComesBackAsAfterAPowerLoss() throws Exception {
        try (Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", link.port()), 2000);
            open.setSoTimeout(700);
            assertThat(EchoServers.exchange(open, "before")).isEqualTo("far:before");

            link.fault(LinkFault.BLACKHOLE);
            // An open connection goes silent...
            assertThatThrownBy(() -> EchoServers.exchange(open, "during")).isInstanceOf(SocketTimeoutException.class);
        }
        // ...and a new one is accepted (not refused) and then hangs.
        assertThatThrownBy(() -> EchoServers.ask(link.port(), "new", 700)).isInstanceOf(SocketTimeoutException.class);

        link.fault(LinkFault.NONE);
        assertThat(EchoServers.ask(link.port(), "after", 2000)).isEqualTo("far:after");
    }

    @Test
    void resetBreaksOpenAndNewConnections() throws Exception {
        try (Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", link.port()), 2000);
            open.setSoTimeout(2000);
            assertThat(EchoServers.exchange(open, "before")).isEqualTo("far:before");
            link.fault(LinkFault.RESET);
            assertThatThrownBy(() -> {
                EchoServers.exchange(open, "during");
                EchoServers.exchange(open, "again");
            }).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
        assertThatThrownBy(() -> EchoServers.ask(link.port(), "new", 2000)).isInstanceOf(IOException.class)
                .isNotInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void aDeadFarSideLooksLikeABlackholeNotARefusal() throws Exception {
        far.close().toCompletionStage().toCompletableFuture().get();
        assertThatThrownBy(() -> EchoServers.ask(link.port(), "anyone?", 700)).isInstanceOf(SocketTimeoutException.class);
    }
}
