package dev.firebreak.sim.net;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import dev.firebreak.paths.RequestPaths;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * A cluster's ingress controller: serves the Ingress objects' HTTP rules on one address, routing
 * each request to a ready endpoint of the Service its longest matching path names (Kubernetes'
 * Prefix and Exact semantics). As ingress-nginx does, it balances each request over the Service's
 * endpoints itself instead of going through the Service's address (kube-proxy): one hop, and
 * requests, not connections, spread over the pods; a Service with no ready pod is a 502. A path no
 * rule matches gets a 404 problem, as a default backend answers. When the cluster loses power,
 * requests are accepted and never answered.
 * <p>
 * As ingress-nginx does, the path is brought to its normal form before any rule is matched, and
 * the normal form is what the Service receives ({@link RequestPaths}): {@code /wallets/%2e%2e/q/metrics}
 * is {@code /q/metrics}, which no rule routes, not a {@code /wallets} path that the service behind
 * resolves to its metrics. A path no normal form makes safe (an encoded slash, a backslash, a
 * double encoding) is a 400.
 */
public final class IngressProxy implements AutoCloseable {

    /** One path rule: {@code Prefix} or {@code Exact}, to a Service port. */
    public record Route(String path, boolean exact, String service, int port) {

        boolean matches(String requestPath) {
            if (exact) {
                return requestPath.equals(path);
            }
            if (path.equals("/")) {
                return true;
            }
            String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            return requestPath.equals(prefix) || requestPath.startsWith(prefix + "/");
        }
    }

    /**
     * Connections to one endpoint at most; a request beyond waits in the ingress. As an ingress
     * controller's upstream keep-alive pool, large enough never to be the bound: how much work a
     * region takes at once is the edge's to decide (its adaptive admission limit, docs/edge.md).
     * The global cluster's ingress sits in front of the edge, so a small cap here (Vert.x's
     * default, 5, until that limit existed) silently bounded every client request in the drills.
     */
    static final int MAX_CONNECTIONS_PER_ENDPOINT = 256;

    private static final Logger LOG = Logger.getLogger(IngressProxy.class);

    /** When the last upstream failure was logged (ns), so a storm of 502s logs a line every few seconds, not one each. */
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));
    private final AtomicLong failuresSinceLog = new AtomicLong();

    private volatile List<Route> routes;
    private final HttpServer server;
    private volatile boolean powered = true;

    private IngressProxy(Vertx vertx, List<Route> routes, BiFunction<String, Integer, SocketAddress> serviceAddress, String host, int port) {
        routes(routes);
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setMaxPoolSize(MAX_CONNECTIONS_PER_ENDPOINT)))
                .originSelector(req -> route(req).map(r -> Optional.ofNullable(serviceAddress.apply(r.service(), r.port()))
                                .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture("no ready endpoint of Service " + r.service())))
                        .orElseGet(() -> Future.failedFuture("no route")));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                ProxyRequest request = context.request();
                if (RequestPaths.normalise(request.proxiedRequest().path()) instanceof RequestPaths.Normal normal && normal.changed()) {
                    String query = request.proxiedRequest().query();
                    request.setURI(normal.path() + (query == null ? "" : "?" + query));
                }
                String path = request.proxiedRequest().path();
                return context.sendRequest().onFailure(e -> upstreamFailed(path, e));
            }
        });
        try {
            this.server = Sockets.onNextEventLoop(vertx, () -> vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(req -> {
                        if (!powered) {
                            req.pause(); // a dead site: accepted, never answered
                        } else if (RequestPaths.normalise(req.path()) instanceof RequestPaths.Refused refused) {
                            req.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                                    .end(io.vertx.core.json.Json.encode(java.util.Map.of("type", "https://firebreak.dev/problems/invalid-path",
                                            "title", "Invalid path", "status", 400, "detail", "The request path is refused: " + refused.reason() + ".")));
                        } else if (route(req).isEmpty()) {
                            req.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                                    .end("{\"type\":\"https://firebreak.dev/problems/no-route\",\"title\":\"No route\",\"status\":404,"
                                            + "\"detail\":\"The ingress has no rule for this path\"}");
                        } else {
                            proxy.handle(req);
                        }
                    })
                    .listen());
        } catch (Exception e) {
            throw new IllegalStateException("The ingress cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + Sockets.privilegedPortHint(port), e);
        }
    }

    /** The request could not be sent to its Service, or its answer not read: the client gets 502; say why, a line every 5 s at most. */
    private void upstreamFailed(String path, Throwable e) {
        long n = failuresSinceLog.incrementAndGet();
        long last = lastFailureLog.get();
        long now = System.nanoTime();
        if (now - last > TimeUnit.SECONDS.toNanos(5) && lastFailureLog.compareAndSet(last, now)) {
            failuresSinceLog.set(0);
            LOG.warnf("ingress: 502 for %s (%d upstream failures since the last line): %s", path, n, e.toString());
        }
    }

    /** Serves {@code ingresses} on {@code host:port}; {@code serviceAddress} picks a ready endpoint of a Service port (null with none). */
    public static IngressProxy start(Vertx vertx, List<Ingress> ingresses, BiFunction<String, Integer, SocketAddress> serviceAddress,
            String host, int port) {
        return new IngressProxy(vertx, routesOf(ingresses), serviceAddress, host, port);
    }

    /** The HTTP rules of {@code ingresses} (host-less rules only: one machine has no virtual hosts). */
    public static List<Route> routesOf(List<Ingress> ingresses) {
        List<Route> routes = new ArrayList<>();
        for (Ingress ingress : ingresses) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHttp() == null) {
                    continue;
                }
                for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                    var backend = p.getBackend().getService();
                    if (backend == null || backend.getPort() == null || backend.getPort().getNumber() == null) {
                        continue; // only Service backends with a port number are simulated; others serve nothing here
                    }
                    routes.add(new Route(p.getPath(), "Exact".equals(p.getPathType()), backend.getName(), backend.getPort().getNumber()));
                }
            }
        }
        return routes;
    }

    /** Serves these rules from now on (an Ingress was added, changed or removed): longest path first, Exact before Prefix. */
    public void routes(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.path().length()).reversed()
                .thenComparing(r -> !r.exact())).toList();
    }

    public void powered(boolean on) {
        this.powered = on;
    }

    public int port() {
        return server.actualPort();
    }

    /** The rule for the normal form of the request's path; none for a path that has none. */
    private Optional<Route> route(HttpServerRequest req) {
        if (!(RequestPaths.normalise(req.path() == null ? "/" : req.path()) instanceof RequestPaths.Normal normal)) {
            return Optional.empty();
        }
        return routes.stream().filter(r -> r.matches(normal.path())).findFirst();
    }

    @Override
    public void close() {
        server.close();
    }
}
