package dev.firebreak.edge.routing;

import dev.firebreak.edge.config.EdgeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Where each region's service answers, from {@code edge.service-url}. */
@ApplicationScoped
public class ServiceAddresses {

    /** A service's host and port in one region. */
    public record Address(String host, int port) {
    }

    private final EdgeConfig config;
    private final Map<String, Address> cache = new ConcurrentHashMap<>();

    public ServiceAddresses(EdgeConfig config) {
        this.config = config;
    }

    public Address of(String service, String region) {
        return cache.computeIfAbsent(service + "@" + region, k -> {
            String explicit = config.serviceUrls().getOrDefault(region, Map.of()).get(service);
            URI uri = URI.create(explicit != null ? explicit : config.serviceUrl().replace("{service}", service).replace("{region}", region));
            if (uri.getHost() == null) {
                throw new IllegalStateException("No host for " + service + " in " + region + ": " + uri);
            }
            return new Address(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80);
        });
    }
}
