package dev.firebreak.edge.witness;

import dev.firebreak.common.client.DependencyFailedException;
import dev.firebreak.edge.config.EdgeConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks a region's database operator to re-seed the region's database as a standby of the
 * primary. Re-seeding copies the database, so the call may take a while; the witness makes it
 * off its decision loop and never twice at once for one region.
 */
@ApplicationScoped
public class OperatorClient {

    private final EdgeConfig config;
    private final Map<String, OperatorRestClient> clients = new ConcurrentHashMap<>();

    public OperatorClient(EdgeConfig config) {
        this.config = config;
    }

    /** Re-seeds {@code region}'s database from {@code primary}'s; returns when it streams. */
    public void rejoin(String region, String primary) {
        OperatorRestClient rest = clients.computeIfAbsent(region, this::build);
        try (Response r = rest.rejoin(Map.of("primary", primary))) {
            if (r.getStatus() != 200) {
                throw new DependencyFailedException("The database operator of " + region + " answered " + r.getStatus() + ": "
                        + r.readEntity(String.class), r.getStatus());
            }
        }
    }

    private OperatorRestClient build(String region) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.witness().operatorUrl().replace("{region}", region)))
                .connectTimeout(2, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS)
                .build(OperatorRestClient.class);
    }

    @PreDestroy
    void close() {
        clients.values().forEach(c -> {
            if (c instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
        });
    }
}
