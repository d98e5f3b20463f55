package dev.firebreak.common.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: the process is alive and serving HTTP. It touches no dependency on purpose: a dead
 * database must make a pod unready, never restart it (restarts would only add a cold start to
 * the outage).
 */
@Liveness
@ApplicationScoped
public class ProcessLivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime rt = Runtime.getRuntime();
        return HealthCheckResponse.named("process")
                .up()
                .withData("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .withData("heapUsedMiB", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024))
                .build();
    }
}
