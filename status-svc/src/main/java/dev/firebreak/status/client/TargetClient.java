package dev.firebreak.status.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.firebreak.common.client.DependencyFailedException;
import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.BreakerStates;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.Probe;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Probes one target: its health and its circuit breakers, within {@code status.probe-timeout}.
 *
 * <p>Each target has its own guard (timeout and a breaker named {@code status-target-<name>}),
 * built programmatically because the targets come from configuration: with one annotated
 * breaker for all, a single dead target would stop status-svc from watching the live ones.
 */
@ApplicationScoped
public class TargetClient {

    /** Prefix of each target's probe breaker name. */
    public static final String BREAKER_PREFIX = "status-target-";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HealthReport(String status, List<Check> checks) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Check(String name, String status, Map<String, Object> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Breakers(List<Breaker> breakers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Breaker(String name, String state, Instant since) {
    }

    private final Duration timeout;
    private final Duration breakerIdleAfter;
    private final Clock clock;
    private final Map<String, TargetRestClient> clients = new ConcurrentHashMap<>();
    private final Map<String, TypedGuard<Probe>> guards = new ConcurrentHashMap<>();

    public TargetClient(StatusConfig config, Clock clock) {
        this.timeout = config.probeTimeout();
        this.breakerIdleAfter = config.breakerIdleAfter();
        this.clock = clock;
    }

    /** Probes the target; throws when it does not answer in time or its breaker is open. */
    public Probe probe(String name, StatusConfig.Target target) throws Exception {
        TargetRestClient rest = clients.computeIfAbsent(name, n -> build(target));
        return guards.computeIfAbsent(name, this::guard).call(() -> probeNow(rest));
    }

    private TypedGuard<Probe> guard(String name) {
        return ProbeGuard.of(Probe.class, BREAKER_PREFIX + name, timeout);
    }

    private TargetRestClient build(StatusConfig.Target target) {
        long connectMs = Math.min(1000, timeout.toMillis());
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(target.url()))
                .connectTimeout(connectMs, TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true)
                .build(TargetRestClient.class);
    }

    private Probe probeNow(TargetRestClient rest) {
        long start = System.nanoTime();
        Health health;
        Map<String, Object> failing = new TreeMap<>();
        Instant identityExpiresAt = null;
        try (Response response = rest.health()) {
            int status = response.getStatus();
            if (status != 200 && status != 503) {
                throw new DependencyFailedException("/q/health answered " + status, status);
            }
            HealthReport report = response.readEntity(HealthReport.class);
            health = "UP".equals(report.status()) ? Health.UP : Health.DOWN;
            if (report.checks() != null) {
                for (Check check : report.checks()) {
                    if (!"UP".equals(check.status())) {
                        failing.put(check.name(), check.data() == null ? Map.of() : check.data());
                    }
                    if (IDENTITY_CHECK.equals(check.name()) && check.data() != null) {
                        identityExpiresAt = instant(check.data().get("expiresAt"));
                    }
                }
            }
        }
        Map<String, String> breakers = new LinkedHashMap<>();
        try (Response response = rest.breakers()) {
            if (response.getStatus() == 200) {
                Breakers answer = response.readEntity(Breakers.class);
                if (answer.breakers() != null) {
                    answer.breakers().forEach(b -> breakers.put(b.name(), shown(b)));
                }
            }
        }
        return new Probe(health, failing, breakers, (System.nanoTime() - start) / 1_000_000, null)
                .withIdentityExpiresAt(identityExpiresAt);
    }

    /** The health check in which a service with an identity of its own says when it expires (firebreak-common's ServiceIdentityCheck). */
    static final String IDENTITY_CHECK = "service-identity";

    private static Instant instant(Object value) {
        try {
            return value == null ? null : Instant.parse(value.toString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** The breaker's state, except that one OPEN for {@code status.breaker-idle-after} is {@link BreakerStates#IDLE}. */
    private String shown(Breaker b) {
        boolean idle = BreakerStates.OPEN.equals(b.state()) && b.since() != null
                && b.since().isBefore(clock.instant().minus(breakerIdleAfter));
        return idle ? BreakerStates.IDLE : b.state();
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
