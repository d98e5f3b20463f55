package dev.firebreak.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.sim.manifest.ClusterManifests;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngressProxyTest {

    static final String INGRESS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: front}
            spec:
              rules:
                - http:
                    paths:
                      - {path: /wallets, pathType: Prefix, backend: {service: {name: payment-svc, port: {number: 80}}}}
                      - {path: /wallets/special, pathType: Prefix, backend: {service: {name: special-svc, port: {number: 80}}}}
                      - {path: /, pathType: Exact, backend: {service: {name: status-svc, port: {number: 80}}}}
            """;

    Vertx vertx;
    Map<String, HttpServer> backends;
    IngressProxy ingress;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        backends = Map.of("payment-svc", backend("payment"), "special-svc", backend("special"), "status-svc", backend("status"));
        ingress = IngressProxy.start(vertx, ClusterManifests.parse("lab", INGRESS).ingresses(),
                (service, port) -> SocketAddress.inetSocketAddress(backends.get(service).actualPort(), "127.0.0.1"), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        ingress.close();
        vertx.close();
    }

    private HttpServer backend(String name) throws Exception {
        return vertx.createHttpServer().requestHandler(r -> r.response().end(name + " " + r.path()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesEachPathToTheServiceOfItsLongestMatchingRule() throws Exception {
        assertThat(get("/wallets/alice").body()).isEqualTo("payment /wallets/alice");
        assertThat(get("/wallets").body()).isEqualTo("payment /wallets");
        assertThat(get("/wallets/special/x").body()).isEqualTo("special /wallets/special/x");
        assertThat(get("/").body()).isEqualTo("status /");
    }

    @Test
    void prefixMatchesWholePathSegmentsAndExactMatchesOnlyItself() throws Exception {
        HttpResponse<String> notAPrefix = get("/walletsX");
        assertThat(notAPrefix.statusCode()).isEqualTo(404);
        assertThat(notAPrefix.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/anything").statusCode()).isEqualTo(404);
    }

    @Test
    void routesAndForwardsThePathsNormalFormSoNoSpellingWalksPastARule() throws Exception {
        // Encoded dots leave /wallets: what is left is a path no rule serves, not a wallets path the service resolves.
        for (String tricky : java.util.List.of("/wallets/%2e%2e/q/metrics", "/wallets/%2E%2E/ops/circuit-breakers", "/wallets/.%2e/q/openapi",
                "/wallets/../q/health")) {
            HttpResponse<String> answer = get(tricky);
            assertThat(answer.statusCode()).as(tricky).isEqualTo(404);
            assertThat(answer.body()).as(tricky).contains("no-route");
        }
        // Within a rule, the service gets the normal form, not the spelling.
        assertThat(get("/wallets/./%61lice").body()).isEqualTo("payment /wallets/alice");
        assertThat(get("/wallets//alice?x=%2e").body()).isEqualTo("payment /wallets/alice");
        assertThat(get("/wallets/x/../special/y").body()).isEqualTo("special /wallets/special/y");
        // What no normal form makes safe is refused.
        for (String refused : java.util.List.of("/wallets/..%2fq%2fmetrics", "/wallets/%252e%252e/q/metrics", "/wallets/%5c..%5cq",
                "/wallets/a%00b", "/..")) {
            HttpResponse<String> answer = get(refused);
            assertThat(answer.statusCode()).as(refused).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(answer.body()).contains("invalid-path");
        }
    }

    @Test
    void aClusterWithoutPowerLeavesRequestsUnanswered() {
        ingress.powered(false);
        assertThatThrownBy(() -> get("/wallets/alice")).isInstanceOf(HttpTimeoutException.class);
    }
}
