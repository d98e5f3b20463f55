package dev.firebreak.common.health;

import dev.firebreak.common.security.ServiceToken;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * When this service's own identity (its service token, minted at setup for 30 days) expires, for
 * the status page to warn before it does ({@code status.identity-warning}). Always UP: an expired
 * token defers what the service does on nobody's behalf (taxi-svc's fares wait in the outbox), and
 * taking the pods out of their Service for it would stop everything else they do. Only in services
 * that have an identity ({@code firebreak.service-identity=true} at build time).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "firebreak.service-identity", stringValue = "true")
public class ServiceIdentityCheck implements HealthCheck {

    /** The check's name in {@code /q/health}; status-svc reads its {@code expiresAt}. */
    public static final String NAME = "service-identity";

    private final ServiceToken token;
    private final Clock clock;

    public ServiceIdentityCheck(ServiceToken token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        try {
            token.claims().ifPresentOrElse(claims -> {
                Instant now = clock.instant();
                response.withData("subject", claims.subject())
                        .withData("expiresAt", claims.expiresAt().toString())
                        .withData("expiresInHours", Duration.between(now, claims.expiresAt()).toHours())
                        .withData("expired", !claims.expiresAt().isAfter(now));
            }, () -> response.withData("expiresAt", "unknown (not a JWT with exp)"));
        } catch (RuntimeException e) {
            response.withData("error", "no service token: " + e.getMessage());
        }
        return response.build();
    }
}
