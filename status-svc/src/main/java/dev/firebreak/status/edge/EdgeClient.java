package dev.firebreak.status.edge;

import dev.firebreak.status.client.ProbeGuard;
import dev.firebreak.status.config.StatusConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads the edge, a client like the probes of the other targets: bounded by
 * {@code status.probe-timeout}, behind a breaker of its own ({@value #BREAKER}), so an edge that
 * stops answering costs one timeout per poll until the breaker opens, never a stuck poller.
 */
@ApplicationScoped
public class EdgeClient {

    /** The edge's probe breaker. */
    public static final String BREAKER = "status-edge";

    private final Optional<String> url;
    private final EdgeRestClient rest;
    private final TypedGuard<EdgeApi.Reading> guard;

    public EdgeClient(StatusConfig config) {
        this.url = config.edge().url();
        Duration timeout = config.probeTimeout();
        this.rest = url.map(u -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(u))
                .connectTimeout(Math.min(1000, timeout.toMillis()), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(EdgeRestClient.class)).orElse(null);
        this.guard = ProbeGuard.of(EdgeApi.Reading.class, BREAKER, timeout);
    }

    /** Where the edge answers; empty when no edge is watched. */
    public Optional<String> url() {
        return url;
    }

    /**
     * The edge's view and its decisions after {@code afterSeq}; throws when it does not answer in
     * time, answers badly, or its breaker is open. Blocking.
     */
    public EdgeApi.Reading read(long afterSeq) throws Exception {
        if (rest == null) {
            throw new IllegalStateException("no edge is configured (status.edge.url)");
        }
        return guard.call(() -> new EdgeApi.Reading(rest.regions(), rest.events(afterSeq)));
    }

    @PreDestroy
    void close() {
        if (rest instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // shutting down
            }
        }
    }
}
