package dev.firebreak.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceProxyTest {

    Vertx vertx;
    NetServer podA;
    NetServer podB;
    ServiceProxy service;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        podA = EchoServers.start(vertx, "a");
        podB = EchoServers.start(vertx, "b");
        service = ServiceProxy.start(vertx, "payment-svc", "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        service.close();
        vertx.close();
    }

    private static SocketAddress at(NetServer pod) {
        return SocketAddress.inetSocketAddress(pod.actualPort(), "127.0.0.1");
    }

    @Test
    void spreadsConnectionsOverTheReadyPods() throws Exception {
        service.endpoints(List.of(at(podA), at(podB)));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(EchoServers.ask(service.port(), "hi", 2000));
        }
        assertThat(answers).containsExactlyInAnyOrder("a:hi", "b:hi", "a:hi", "b:hi");
    }

    @Test
    void aPodThatIsNotReadyGetsNoTraffic() throws Exception {
        service.endpoints(List.of(at(podB)));
        for (int i = 0; i < 4; i++) {
            assertThat(EchoServers.ask(service.port(), "hi", 2000)).isEqualTo("b:hi");
        }
    }

    @Test
    void aServiceOfAClusterWithoutPowerNeitherAnswersNorRefuses() throws Exception {
        service.endpoints(List.of(at(podA)));
        service.powered(false);
        assertThatThrownBy(() -> EchoServers.ask(service.port(), "anyone?", 700)).isInstanceOf(SocketTimeoutException.class);
        service.powered(true);
        assertThat(EchoServers.ask(service.port(), "back", 2000)).isEqualTo("a:back");
    }

    @Test
    void noReadyPodFailsFastInsteadOfHanging() {
        service.endpoints(List.of());
        assertThatThrownBy(() -> EchoServers.ask(service.port(), "hi", 5000))
                .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    }
}
