package dev.firebreak.common.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The same dependency in the other region: what a service's breaker on a local dependency falls
 * back to. Configured as {@code quarkus.rest-client.<key>-peer.url} (in a region,
 * {@code http://<service>.<peer>.firebreak.internal}, from {@code FIREBREAK_PEER}); built from the
 * same interface as the local client, so it sends the same headers and maps the same problems.
 */
public final class PeerRegion {

    private PeerRegion() {
    }

    /** The peer region's client for {@code api}, or empty when no peer region is configured. */
    public static <T> Optional<T> client(Class<T> api, String configKey) {
        Config config = ConfigProvider.getConfig();
        String prefix = "quarkus.rest-client." + configKey + "-peer.";
        return config.getOptionalValue(prefix + "url", String.class).filter(url -> !url.isBlank()).map(url -> QuarkusRestClientBuilder
                .newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(config.getOptionalValue(prefix + "connect-timeout", Long.class).orElse(1000L), TimeUnit.MILLISECONDS)
                .readTimeout(config.getOptionalValue(prefix + "read-timeout", Long.class).orElse(2000L), TimeUnit.MILLISECONDS)
                .build(api));
    }

    /** {@code client}, or a failure that says no peer region is configured. */
    public static <T> T require(T client, String service) {
        if (client == null) {
            throw new DependencyFailedException("No peer region is configured for " + service, 503);
        }
        return client;
    }
}
