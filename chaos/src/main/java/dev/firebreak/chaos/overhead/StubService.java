package dev.firebreak.chaos.overhead;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A service that answers at once: payment-svc's wallet read ({@code GET /wallets/<user>}) with a
 * fixed wallet, and every readiness check with UP. In front of it, all a proxy's latency is its
 * own; a real service's would be noise many times larger (docs/edge.md).
 */
public final class StubService implements AutoCloseable {

    static final String WALLET = "{\"userId\":\"overhead-0\",\"balance\":10000,\"currency\":\"KRW\",\"version\":1}";

    private final Vertx vertx;
    private final HttpServer server;
    private final AtomicLong reads = new AtomicLong();

    private StubService(Vertx vertx) {
        this.vertx = vertx;
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .requestHandler(req -> {
                    boolean health = req.path().startsWith("/q/health");
                    if (!health && req.method() == HttpMethod.GET && req.path().startsWith("/wallets/")) {
                        reads.incrementAndGet();
                    }
                    req.response().putHeader("Content-Type", "application/json").end(health ? "{\"status\":\"UP\"}" : WALLET);
                });
    }

    /** Listens on a free port of 127.0.0.1, on one event loop. */
    public static StubService start() {
        StubService stub = new StubService(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)));
        try {
            stub.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            stub.close();
            throw new IllegalStateException("The stub service could not listen on 127.0.0.1: " + e.getMessage(), e);
        }
        return stub;
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Wallet reads it answered (readiness checks not counted). */
    public long reads() {
        return reads.get();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway: its threads are daemons
        }
    }
}
