package dev.firebreak.sim.db;

import dev.firebreak.identity.Roles;
import dev.firebreak.identity.TokenVerifier;
import dev.firebreak.sim.control.Json;
import dev.firebreak.sim.kubelet.Events;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A region's database operator on one machine: the part of CloudNativePG the witness needs, as
 * a small HTTP API in the region (the {@code postgres-operator} Service, port 8008), reached
 * from the global site across the WAN like everything else, so partitions and power losses
 * affect it as they would a real operator.
 * <pre>
 *   POST /rejoin  {"primary": "region-b"}   replace this region's database with a standby of region-b's
 *   GET  /status                            this region's database role
 * </pre>
 * Rebuilding a database destroys what it holds, so {@code /rejoin} needs a token of the
 * installation with role {@code databases:failover} (the witness's identity) or {@code admin}:
 * 401 without one, 403 with another, as CloudNativePG's objects need RBAC on a real cluster.
 */
public final class DatabaseOperator implements AutoCloseable {

    /** Port of the {@code postgres-operator} Service. */
    public static final int PORT = 8008;

    /** How a region's database reaches another region's primary: the WAN gateway for it. */
    @FunctionalInterface
    public interface Route {
        /** {@code host:port} at which {@code from} reaches {@code to}'s database. */
        String[] gateway(String from, String to);
    }

    private final RegionDatabase database;
    private final Function<String, RegionDatabase> databases;
    private final Route route;
    private final Events events;
    private final Vertx vertx;
    private final TokenVerifier tokens;
    private final HttpServer server;

    public DatabaseOperator(Vertx vertx, RegionDatabase database, Function<String, RegionDatabase> databases, Route route, Events events,
            String host, TokenVerifier tokens) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.database = database;
        this.databases = databases;
        this.route = route;
        this.events = events;
        try {
            this.server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(PORT)).requestHandler(this::handle)
                    .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The database operator of " + database.site() + " cannot listen on " + host + ":" + PORT, e);
        }
    }

    private void handle(HttpServerRequest req) {
        if (req.method() == HttpMethod.POST) {
            try {
                TokenVerifier.Caller caller = tokens.verify(req.getHeader("Authorization"));
                if (!caller.hasAnyRole(Roles.DATABASE_FAILOVER, Roles.ADMIN)) {
                    refuse(req, 403, "forbidden", "Forbidden", "'" + caller.subject() + "' may not rebuild databases: role "
                            + Roles.DATABASE_FAILOVER + " or " + Roles.ADMIN + " needed.");
                    return;
                }
            } catch (TokenVerifier.InvalidTokenException e) {
                refuse(req, 401, "unauthenticated", "Unauthenticated", "The database operator rebuilds only for the installation's "
                        + "witness or an admin: send Authorization: Bearer <token> (" + e.getMessage() + ").");
                return;
            }
        }
        req.body().onSuccess(body -> vertx.executeBlocking(() -> {
            if (req.method() == HttpMethod.GET && req.path().equals("/status")) {
                return Map.of("region", database.site().name(), "running", database.server().isRunning());
            }
            if (req.method() == HttpMethod.POST && req.path().equals("/rejoin")) {
                String primary = body.length() == 0 ? null : Json.MAPPER.readTree(body.toString()).path("primary").asText(null);
                if (primary == null) {
                    throw new IllegalArgumentException("name the primary to follow: {\"primary\": \"region-b\"}");
                }
                RegionDatabase upstream = databases.apply(primary);
                if (upstream == null) {
                    throw new IllegalArgumentException("No region named " + primary);
                }
                String[] gateway = route.gateway(database.site().name(), primary);
                long start = System.nanoTime();
                database.rejoin(upstream, gateway[0], Integer.parseInt(gateway[1]));
                events.normal(database.site() + "/postgres", "Rejoined", "Re-seeded as a standby of " + primary + " in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
                return Map.of("region", database.site().name(), "following", primary);
            }
            throw new NoSuchOperation(req.method() + " " + req.path());
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                reply(req, 200, "application/json", ar.result());
            } else {
                Throwable e = ar.cause();
                int status = e instanceof NoSuchOperation ? 404 : e instanceof IllegalArgumentException ? 400 : 409;
                reply(req, status, "application/problem+json", Map.of("type", "https://firebreak.dev/problems/database-operator",
                        "title", "The database operator refused", "status", status, "detail", String.valueOf(e.getMessage())));
            }
        }));
    }

    private static void refuse(HttpServerRequest req, int status, String slug, String title, String detail) {
        req.response().putHeader("WWW-Authenticate", "Bearer");
        reply(req, status, "application/problem+json", Map.of("type", "https://firebreak.dev/problems/" + slug, "title", title,
                "status", status, "detail", detail));
    }

    private static final class NoSuchOperation extends RuntimeException {
        NoSuchOperation(String what) {
            super("No such operation: " + what);
        }
    }

    private static void reply(HttpServerRequest req, int status, String type, Object body) {
        try {
            req.response().setStatusCode(status).putHeader("Content-Type", type).end(Json.MAPPER.writeValueAsString(body));
        } catch (Exception e) {
            req.response().setStatusCode(500).end();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
