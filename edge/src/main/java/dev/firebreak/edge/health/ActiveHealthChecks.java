package dev.firebreak.edge.health;

import dev.firebreak.edge.config.EdgeConfig;
import dev.firebreak.edge.routing.ServiceAddresses;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every service's readiness in every region on a short period (default every 250 ms, down
 * after 2 failures, up after 2 passes: HAProxy's {@code inter 250 fall 2 rise 2}), non-blocking,
 * each check bounded by its own timeout. A region's service whose readiness fails (its database
 * is gone, say) leaves rotation before clients notice much.
 */
@ApplicationScoped
public class ActiveHealthChecks {

    private final EdgeConfig config;
    private final RegionHealth health;
    private final ServiceAddresses addresses;
    private final Vertx vertx;
    private final AtomicBoolean firstRoundDone = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    /** Checks still waiting for an answer: a slow target is not checked twice at once. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private HttpClient client;
    private long timer = -1;

    public ActiveHealthChecks(EdgeConfig config, RegionHealth health, ServiceAddresses addresses, Vertx vertx) {
        this.config = config;
        this.health = health;
        this.addresses = addresses;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(4)
                .setConnectTimeout((int) config.health().timeout().toMillis()));
        timer = vertx.setPeriodic(1, config.health().interval().toMillis(), t -> round());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (client != null) {
            client.close();
        }
    }

    /** True once every region's service has been checked at least once. */
    public boolean firstRoundDone() {
        return firstRoundDone.get();
    }

    private void round() {
        long round = rounds.incrementAndGet();
        for (String service : health.services()) {
            for (String region : config.regions()) {
                check(region, service, round);
            }
        }
    }

    private void check(String region, String service, long round) {
        String key = region + "/" + service;
        if (!inFlight.add(key)) {
            return;
        }
        ServiceAddresses.Address target = addresses.of(service, region);
        long timeout = config.health().timeout().toMillis();
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host()).setPort(target.port())
                        .setURI(config.health().path()).setTimeout(timeout).putHeader("User-Agent", "firebreak-edge-check"))
                .compose(req -> req.send())
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    inFlight.remove(key);
                    if (ar.succeeded() && ar.result() == 200) {
                        health.checkPassed(region, service);
                    } else {
                        health.checkFailed(region, service, ar.succeeded() ? "HTTP " + ar.result()
                                : ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
                    }
                    if (round >= 2) {
                        firstRoundDone.set(true);
                    }
                });
    }
}
