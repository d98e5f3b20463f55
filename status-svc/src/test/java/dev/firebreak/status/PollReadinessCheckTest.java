package dev.firebreak.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.health.PollReadinessCheck;
import dev.firebreak.status.model.Health;
import dev.firebreak.status.model.Probe;
import dev.firebreak.status.service.StatusBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class PollReadinessCheckTest {

    private static StatusConfig config() {
        StatusConfig.Target target = new StatusConfig.Target() {
            public String url() { return "http://127.0.0.1:1"; }
            public String region() { return "region-a"; }
            public String service() { return "payment-svc"; }
        };
        return new StatusConfig() {
            public String pollInterval() { return "off"; }
            public Duration probeTimeout() { return Duration.ofSeconds(1); }
            public int probeFall() { return 3; }
            public Duration breakerIdleAfter() { return Duration.ofSeconds(15); }
            public Duration identityWarning() { return Duration.ofDays(7); }
            public int historySize() { return 3; }
            public int changeLimit() { return 3; }
            public int incidentLimit() { return 3; }
            public Duration incidentQuiet() { return Duration.ZERO; }
            public Edge edge() {
                return new Edge() {
                    public java.util.Optional<String> url() { return java.util.Optional.empty(); }
                    public int eventLimit() { return 3; }
                };
            }
            public Map<String, Function> functions() { return Map.of(); }
            public Map<String, Target> targets() { return Map.of("pay-a", target); }
        };
    }

    @Test
    void notReadyUntilTheFirstRoundCompletesEvenIfTargetsAreDown() {
        StatusBoard board = new StatusBoard(config(), Clock.systemUTC());
        PollReadinessCheck check = new PollReadinessCheck(board);
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(check.call().getData().orElseThrow()).containsEntry("error", "no polling round has completed yet");

        board.record("pay-a", Probe.unreachable("refused", 1));
        board.pollFinished();
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(board.targets().get(0).health()).isEqualTo(Health.UNREACHABLE);
    }
}
