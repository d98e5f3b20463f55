package dev.firebreak.edge.routing;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.edge.config.EdgeConfig;
import dev.firebreak.edge.health.RegionHealth;
import dev.firebreak.paths.RequestPaths;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpServerRequestWrapper;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The global front door: {@code /messaging/**}, {@code /payments/**}, {@code /taxi/**} and
 * {@code /status/**} (as configured) go to that service in the best region for the request
 * ({@link RegionHealth#order}), with the prefix removed. Requests are proxied with
 * vertx-http-proxy; bodies are buffered so that a request that failed in flight can be sent to
 * the other region when that is safe ({@link RetryPolicy}). A request that never reached a region
 * (connection refused or reset before sending) is always safe to send elsewhere. When no region
 * serves it, the client gets a 503 problem with {@code Retry-After}, and {@code outcomeUnknown}
 * when a region may have applied it. How much goes to a region at once is bounded by an adaptive
 * limit ({@link RegionAdmission}); a request that finds no room within its timeout is refused
 * without being sent (503 region-busy). An answer marked {@code X-Firebreak-Busy} (a row held too
 * long; nothing applied) goes to the client as it is: busy is not broken. Every answer says which
 * region served it ({@code X-Firebreak-Region}).
 *
 * <p>Over 300 lines on purpose: every way a proxied request can end (sent, refused, timed out,
 * busy, answered 5xx) and the problem each one gives the client sit side by side; a request's
 * bookkeeping is {@link Attempts}, the limits {@link RegionAdmission}, the retry rule {@link RetryPolicy}.
 */
@ApplicationScoped
public class FrontDoor {

    /** Response header naming the region that served a request. */
    public static final String SERVED_BY = "X-Firebreak-Region";

    private static final Logger LOG = Logger.getLogger(FrontDoor.class);

    /** A service's paths that are for its cluster only, never forwarded from outside. */
    static final String[] INTERNAL_PATHS = {"/q", "/ops"};

    private final EdgeConfig config;
    private final RegionHealth health;
    private final ServiceAddresses addresses;
    private final RegionAdmission admission;
    private final Vertx vertx;
    private HttpClient client;

    public FrontDoor(EdgeConfig config, RegionHealth health, ServiceAddresses addresses, RegionAdmission admission, Vertx vertx) {
        this.config = config;
        this.health = health;
        this.addresses = addresses;
        this.admission = admission;
        this.vertx = vertx;
    }

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(config.maxConnections()).setConnectTimeout(1000)
                .setTcpNoDelay(true).setKeepAliveTimeout(30));
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.maxBodyBytes());
        for (EdgeConfig.Route route : config.routes().values()) {
            String prefix = route.prefix().endsWith("/") ? route.prefix().substring(0, route.prefix().length() - 1) : route.prefix();
            for (String path : List.of(prefix, prefix + "/*")) {
                router.route(path).order(-100).handler(bodies).handler(ctx -> proxy(ctx, route, prefix))
                        .failureHandler(ctx -> failed(ctx, route));
            }
        }
    }

    private void proxy(RoutingContext ctx, EdgeConfig.Route route, String prefix) {
        HttpServerRequest req = ctx.request();
        String preferred = req.getHeader(config.regionHeader());
        if (preferred != null && !config.regions().contains(preferred)) {
            problem(ctx, Problem.of(400, "unknown-region", "Unknown region").detail(config.regionHeader() + " names " + preferred
                    + ", which is not one of " + config.regions()).with("regions", config.regions()).build(), null);
            return;
        }
        String path = req.uri().substring(prefix.length());
        if (path.isEmpty() || path.startsWith("?")) {
            path = "/" + path;
        }
        String servicePath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (RequestPaths.under(servicePath, INTERNAL_PATHS)) {
            // Health, metrics, OpenAPI and operations stay inside the clusters (the path is in normal
            // form already: RequestGuardFilter re-routed it, so no spelling of it slips through).
            problem(ctx, Problem.of(404, "not-found", "Not found").detail("Nothing exists at " + req.path() + ".").build(), null);
            return;
        }
        Buffer body = ctx.body().buffer();
        Attempts attempts = new Attempts(ctx, route, path, body == null ? Buffer.buffer() : body,
                RetryPolicy.retrySafe(req.method(), req.headers(), body),
                health.order(route.service(), preferred != null ? preferred : health.defaultRegion()));
        attempt(attempts);
    }

    private void attempt(Attempts a) {
        String region = a.nextRegion();
        admission.admit(region, a.route().service(), config.admission().maxWait())
                .onFailure(full -> {
                    // The region has as much in flight as it answers well: it is loaded, not gone.
                    a.failed(region, full instanceof RegionAdmission.Full f ? f.reason() : full.getMessage());
                    busy(a);
                })
                .onSuccess(permit -> {
                    try {
                        send(a, region, permit);
                    } catch (RuntimeException e) {
                        // A bug here must cost this request, never the region's room: a permit kept
                        // would leave the region a little less admitted for good.
                        permit.ignored();
                        a.ctx().fail(e);
                    }
                });
    }

    private void send(Attempts a, String region, RegionAdmission.Permit permit) {
        if (a.ctx().response().closed()) {
            permit.ignored(); // the client left while this waited for room
            return;
        }
        String service = a.route().service();
        ServiceAddresses.Address target = addresses.of(service, region);
        ProxyRequest request = ProxyRequest.reverseProxy(ReadRequest.of(a.ctx().request()));
        request.setURI(a.path());
        request.setBody(Body.body(a.body()));
        client.request(new RequestOptions().setHost(target.host()).setPort(target.port()).setTimeout(a.route().timeout().toMillis()))
                .onFailure(notSent -> {
                    if (queuedTooLong(notSent)) {
                        // Every connection to it was busy for the whole timeout: the region is loaded, not gone.
                        permit.ignored();
                        a.failed(region, config.maxConnections() + " requests in flight, none finished within "
                                + a.route().timeout().toMillis() + " ms");
                        busy(a);
                        return;
                    }
                    // Nothing was sent: any request may go elsewhere.
                    permit.unanswered();
                    health.requestFailed(region, service, describe(notSent));
                    a.failed(region, describe(notSent));
                    next(a, false);
                })
                .onSuccess(outbound -> request.send(outbound).onComplete(ar -> {
                    if (ar.failed() && a.ctx().response().closed()) {
                        permit.ignored();
                        return; // the client gave up first: the region is not to blame, and nobody is left to answer
                    }
                    if (ar.failed()) {
                        permit.unanswered();
                        a.failed(region, describe(ar.cause()));
                        if (timedOut(ar.cause())) {
                            // Slow is not gone: a region that passes its health checks and is merely slow (a
                            // slow WAN to its standby, a busy node) stays in rotation (the checks eject a hung
                            // one), and a write is not sent to the other region, whose every statement would
                            // cross the WAN to the primary while holding the same row locks: that turns a slow
                            // region into an outage. The client retries with the same key instead.
                            if (health.healthy(region, service) && !RetryPolicy.idempotentMethod(a.ctx().request().method())) {
                                slow(a);
                                return;
                            }
                        } else {
                            health.requestFailed(region, service, describe(ar.cause()));
                        }
                        next(a, true);
                        return;
                    }
                    permit.answered();
                    ProxyResponse response = ar.result();
                    int status = response.getStatusCode();
                    if (response.headers().contains(Problem.BUSY_HEADER)) {
                        // Busy, not broken (a hot row): the region is fine, and the other one reaches the same primary.
                        health.requestSucceeded(region, service);
                    } else if (status == 502 || status == 503 || status == 504) {
                        health.requestFailed(region, service, "HTTP " + status);
                        if (a.retrySafe() && a.more()) {
                            // The edge does not read the answer's body, where a service says whether it committed:
                            // from here on, a failure elsewhere cannot claim that nothing was applied.
                            a.mayHaveBeenApplied();
                            a.failed(region, "HTTP " + status);
                            response.release();
                            attempt(a);
                            return;
                        }
                    } else {
                        health.requestSucceeded(region, service);
                    }
                    response.putHeader(SERVED_BY, region);
                    response.send();
                }));
    }

    /** After a failed attempt: the next region when allowed, else a 503 problem. */
    private void next(Attempts a, boolean maybeApplied) {
        if (maybeApplied) {
            a.mayHaveBeenApplied();
        }
        if (a.more() && (a.retrySafe() || !maybeApplied)) {
            attempt(a);
            return;
        }
        boolean outcomeUnknown = a.anyMaybeApplied();
        String advice = a.retrySafe() || !maybeApplied ? "Retry after the delay given."
                : "It was not sent to another region because repeating it is not known to be safe: add an Idempotency-Key "
                        + "(or a clientMessageId) and retry with the same one.";
        unavailable(a, "No region could serve this request", a.route().service() + " did not answer (" + a.why() + "). " + advice, outcomeUnknown);
    }

    /** A write the healthy first region did not answer in time: its outcome is unknown, and it is not repeated elsewhere. */
    private void slow(Attempts a) {
        unavailable(a, "The region did not answer in time", a.route().service() + " did not answer within " + a.route().timeout().toMillis()
                + " ms (" + a.why() + "). The region is up but slow, so the request was not sent to another region; "
                + "it may have been applied: retry with the same Idempotency-Key (or clientMessageId).", true);
    }

    /** Waited for its turn in the edge for the whole wait: never sent here, so nothing was applied unless an earlier region did. */
    private void busy(Attempts a) {
        if (a.anyMaybeApplied()) {
            unavailable(a, "No region could serve this request", a.route().service() + " did not answer (" + a.why()
                    + "). An earlier region may have applied it: retry with the same Idempotency-Key (or clientMessageId).", true);
            return;
        }
        problem(a.ctx(), Problem.of(503, "region-busy", "The region is busy").detail(a.route().service() + " is busy ("
                        + a.why() + "). The request was not sent anywhere, so nothing was applied; "
                        + "retry after the delay given.")
                .with("service", a.route().service())
                .with("outcomeUnknown", false).build(), config.retryAfter().toSeconds());
    }

    /** Vert.x's answer when no pooled connection freed up in time ("…when getting a connection to…"). */
    static boolean queuedTooLong(Throwable e) {
        return e.getMessage() != null && e.getMessage().contains("getting a connection");
    }

    /** 503 region-unavailable with the regions tried, and whether the request may have been applied. */
    private void unavailable(Attempts a, String title, String detail, boolean outcomeUnknown) {
        problem(a.ctx(), Problem.of(503, "region-unavailable", title).detail(detail)
                .with("service", a.route().service())
                .with("regionsTried", a.regionsTried())
                .with("outcomeUnknown", outcomeUnknown).build(), config.retryAfter().toSeconds());
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private void failed(RoutingContext ctx, EdgeConfig.Route route) {
        if (ctx.statusCode() == 413) {
            problem(ctx, Problem.of(413, "body-too-large", "Request body too large").detail("The edge accepts bodies up to "
                    + config.maxBodyBytes() + " bytes").build(), null);
        } else {
            LOG.warnf(ctx.failure(), "Request to %s failed at the edge", route.service());
            problem(ctx, Problem.of(502, "edge-failure", "The edge could not handle this request").detail(
                    "The edge failed while forwarding to " + route.service() + "; retry, and report it if it persists").build(), 1L);
        }
    }

    private static void problem(RoutingContext ctx, Problem problem, Long retryAfterSeconds) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        ctx.response().setStatusCode(problem.getStatus()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (retryAfterSeconds != null) {
            ctx.response().putHeader("Retry-After", String.valueOf(Math.max(1, retryAfterSeconds)));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", problem.getType().toString());
        json.put("title", problem.getTitle());
        json.put("status", problem.getStatus());
        json.put("detail", problem.getDetail());
        json.putAll(problem.extensions());
        ctx.response().end(Json.encode(json));
    }

    /**
     * The client's request as vertx-http-proxy sees it. Its body has been read already (buffered
     * for a retry), so there is nothing to pause or resume; an HTTP/2 request (h2c) refuses both
     * once it has ended, where HTTP/1.1 ignores them.
     */
    static final class ReadRequest extends HttpServerRequestWrapper {

        private ReadRequest(HttpServerRequestInternal request) {
            super(request);
        }

        static HttpServerRequest of(HttpServerRequest request) {
            return request instanceof HttpServerRequestInternal internal && request.isEnded() ? new ReadRequest(internal) : request;
        }

        @Override
        public HttpServerRequest pause() {
            return this;
        }

        @Override
        public HttpServerRequest resume() {
            return this;
        }

        @Override
        public HttpServerRequest fetch(long amount) {
            return this;
        }
    }

    private static String describe(Throwable t) {
        String name = t.getClass().getSimpleName();
        return (name.isEmpty() ? "error" : name) + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }
}
