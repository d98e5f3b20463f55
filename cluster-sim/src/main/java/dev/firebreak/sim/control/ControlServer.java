package dev.firebreak.sim.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.sim.Simulator;
import dev.firebreak.sim.net.LinkFault;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running simulator's control API on 127.0.0.1 (the CLI and drills use it):
 * <pre>
 *   GET  /status                     the status contract ({@link SimStatus})
 *   GET  /events?after=N             events after sequence number N
 *   POST /clusters/{name}/kill       power loss
 *   POST /clusters/{name}/restore    power back
 *   POST /clusters/{name}/services/{service}/kill-pod   one pod of the service dies (SIGKILL)
 *   POST /clusters/{name}/database/kill|restore         the region's database server alone
 *   POST /clusters/{name}/etcd/kill|restore             the site's etcd alone (its API server answers without it)
 *   POST /links/{a}/{b}              {"fault": "BLACKHOLE|RESET|NONE", "latencyMs": 300}; either key may be left out;
 *                                    with "service": "kubernetes", the fault is on that Service's path only
 *   POST /down                       stop everything, then the process exits
 * </pre>
 * Errors are problem+json: 400 for bad input, 404 for an unknown name, 409 for a state conflict.
 * <p>
 * Every call carries {@code Authorization: Bearer <token>}, a secret made for this run and handed
 * to the command line in the control file ({@link ControlClient.ControlFile}, mode 0600): any
 * process on the machine can reach 127.0.0.1, and only the user who started the clusters may power
 * them off. Without it: 401.
 */
public final class ControlServer implements AutoCloseable {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ControlServer.class);

    private static final Pattern CLUSTER = Pattern.compile("/clusters/([a-z0-9-]+)/(kill|restore)");
    private static final Pattern LINK = Pattern.compile("/links/([a-z0-9-]+)/([a-z0-9-]+)");
    private static final Pattern ETCD = Pattern.compile("/clusters/([a-z0-9-]+)/etcd/(kill|restore)");
    private static final Pattern POD = Pattern.compile("/clusters/([a-z0-9-]+)/services/([a-z0-9-]+)/kill-pod");
    private static final Pattern DATABASE = Pattern.compile("/clusters/([a-z0-9-]+)/database/(kill|restore)");

    private final Vertx vertx;
    private final Simulator sim;
    private final Runnable down;
    private final String token;
    private final HttpServer server;

    public ControlServer(Simulator sim, Runnable down) {
        this.vertx = Vertx.vertx();
        this.sim = sim;
        this.down = down;
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        this.token = java.util.HexFormat.of().formatHex(secret);
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                    .requestHandler(this::handle).listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The control API cannot listen on 127.0.0.1", e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    /** This run's secret; only the control file carries it. */
    public String token() {
        return token;
    }

    private boolean authorized(HttpServerRequest req) {
        String given = req.getHeader("Authorization");
        return given != null && java.security.MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void handle(HttpServerRequest req) {
        if (!authorized(req)) {
            req.response().putHeader("WWW-Authenticate", "Bearer");
            reply(req, 401, "application/problem+json", problem(401, "The simulator's control API needs this run's token "
                    + "(Authorization: Bearer, from .firebreak/simulator.json): use ./firebreak, or read the token from that file."));
            return;
        }
        req.body().onSuccess(body -> vertx.executeBlocking(() -> route(req, body.toString()), false).onComplete(ar -> {
            if (ar.succeeded()) {
                reply(req, 200, "application/json", ar.result());
            } else {
                Throwable e = ar.cause();
                int status = e instanceof IllegalArgumentException ? (e.getMessage().startsWith("No ") ? 404 : 400)
                        : e instanceof JsonProcessingException ? 400
                        : e instanceof IllegalStateException ? 409 : 500;
                String detail = e instanceof JsonProcessingException ? "The body is not JSON: " + ((JsonProcessingException) e).getOriginalMessage()
                        : e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
                if (status == 500) {
                    LOG.errorf(e, "Control API %s %s failed", req.method(), req.path());
                }
                reply(req, status, "application/problem+json", problem(status, detail));
            }
        }));
    }

    private String route(HttpServerRequest req, String body) throws JsonProcessingException {
        String path = req.path();
        HttpMethod method = req.method();
        if (method == HttpMethod.GET && path.equals("/status")) {
            return Json.MAPPER.writeValueAsString(sim.status());
        }
        if (method == HttpMethod.GET && path.equals("/events")) {
            long after = parseLong(req.getParam("after", "0"), "after");
            return Json.MAPPER.writeValueAsString(sim.events().since(after));
        }
        if (method == HttpMethod.POST && path.equals("/down")) {
            vertx.setTimer(100, t -> new Thread(down, "down").start());
            return "{\"stopping\":true}";
        }
        Matcher m = CLUSTER.matcher(path);
        if (method == HttpMethod.POST && m.matches()) {
            if (m.group(2).equals("kill")) {
                sim.faults().kill(m.group(1));
            } else {
                sim.faults().restore(m.group(1));
            }
            return Json.MAPPER.writeValueAsString(sim.status());
        }
        m = POD.matcher(path);
        if (method == HttpMethod.POST && m.matches()) {
            return Json.MAPPER.writeValueAsString(Map.of("killed", sim.faults().killPod(m.group(1), m.group(2))));
        }
        m = DATABASE.matcher(path);
        if (method == HttpMethod.POST && m.matches()) {
            if (m.group(2).equals("kill")) {
                sim.faults().killDatabase(m.group(1));
            } else {
                sim.faults().restoreDatabase(m.group(1));
            }
            return Json.MAPPER.writeValueAsString(sim.status());
        }
        m = ETCD.matcher(path);
        if (method == HttpMethod.POST && m.matches()) {
            if (m.group(2).equals("kill")) {
                sim.faults().killEtcd(m.group(1));
            } else {
                sim.faults().restoreEtcd(m.group(1));
            }
            return Json.MAPPER.writeValueAsString(sim.status());
        }
        m = LINK.matcher(path);
        if (method == HttpMethod.POST && m.matches()) {
            JsonNode change = body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
            String service = change.path("service").asText("");
            if (!service.isEmpty() && (!change.has("fault") || change.has("latencyMs"))) {
                throw new IllegalArgumentException("A Service's path takes a fault only: {\"service\": \"kubernetes\", \"fault\": \"BLACKHOLE\"}");
            }
            if (change.has("fault")) {
                if (service.isEmpty()) {
                    sim.faults().linkFault(m.group(1), m.group(2), fault(change.path("fault").asText()));
                } else {
                    sim.faults().linkFault(m.group(1), m.group(2), service, fault(change.path("fault").asText()));
                }
            }
            if (change.has("latencyMs")) {
                long ms = change.path("latencyMs").asLong(-1);
                if (ms < 0 || ms > 60_000) {
                    throw new IllegalArgumentException("latencyMs must be between 0 and 60000");
                }
                sim.faults().linkLatency(m.group(1), m.group(2), Duration.ofMillis(ms));
            }
            return Json.MAPPER.writeValueAsString(sim.wan().states());
        }
        throw new IllegalArgumentException("No such operation: " + method + " " + path);
    }

    private static LinkFault fault(String name) {
        try {
            return LinkFault.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault must be one of NONE, BLACKHOLE, RESET, not '" + name + "'");
        }
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + value + "'");
        }
    }

    private static String problem(int status, String detail) {
        try {
            return Json.MAPPER.writeValueAsString(Map.of("type", "https://firebreak.dev/problems/simulator",
                    "title", status == 401 ? "Unauthenticated" : status == 404 ? "Not found" : status == 409 ? "Conflict"
                            : status == 400 ? "Bad request" : "Simulator error",
                    "status", status, "detail", detail == null ? "" : detail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpServerRequest req, int status, String type, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
