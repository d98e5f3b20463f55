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
    void aHealedBlackholeDeliversWhatWasSentDuringItAsTcpWould() throws Exception {
        try (Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", link.port()), 2000);
            open.setSoTimeout(700);
            assertThat(EchoServers.exchange(open, "before")).isEqualTo("far:before");
            link.fault(LinkFault.BLACKHOLE);
            var out = new java.io.PrintWriter(open.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
            out.println("during");
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(open.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(in::readLine).isInstanceOf(SocketTimeoutException.class);

            link.fault(LinkFault.NONE);
            open.setSoTimeout(2000);
            assertThat(in.readLine()).isEqualTo("far:during");
        }
    }

    @Test
    void aConnectionOpenedDuringABlackholeGoesThroughOnceItHeals() throws Exception {
        link.fault(LinkFault.BLACKHOLE);
        try (Socket waiting = new Socket()) {
            waiting.connect(new InetSocketAddress("127.0.0.1", link.port()), 2000);
            waiting.setSoTimeout(700);
            var out = new java.io.PrintWriter(waiting.getOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
            out.println("early");
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(waiting.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(in::readLine).isInstanceOf(SocketTimeoutException.class);

            link.fault(LinkFault.NONE);
            waiting.setSoTimeout(2000);
            assertThat(in.readLine()).isEqualTo("far:early");
        }
    }

    @Test
    void keepsTheOrderOfBytesWhenTheLatencyDrops() throws Exception {
        link.latency(Duration.ofMillis(300));
        try (Socket open = new Socket()) {
            open.connect(new InetSocketAddress("127.0.0.1", link.port()), 2000);
            open.setSoTimeout(3000);
            var out = open.getOutputStream();
            out.write("slow-".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(50); // not a wait for a condition: lets the link read the first bytes at 300 ms...
            link.latency(Duration.ZERO);
            out.write("fast\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)); // ...and these must not overtake them
            out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(open.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            // The echo server answers each chunk as it arrives (the two may arrive as one).
            assertThat(in.readLine().replace("far:", "")).isEqualTo("slow-fast");
        }
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
