package dev.firebreak.edge.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.edge.config.EdgeConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegionAdmissionTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RegionAdmission admission(int initial, int min, int max) {
        return new RegionAdmission(settings(initial, min, max, 0.5), vertx);
    }

    private static Settings settings(int initial, int min, int max, double backoff) {
        return new Settings(initial, min, max, backoff, Duration.ofMillis(300));
    }

    private record Settings(int initialLimit, int minLimit, int maxLimit, double backoffRatio, Duration maxWait)
            implements EdgeConfig.Admission {
    }

    private static RegionAdmission.Permit now(Future<RegionAdmission.Permit> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void requestsBeyondTheLimitWaitTheirTurnAndAreLetInInOrder() throws Exception {
        RegionAdmission admission = admission(2, 1, 2); // a limit that cannot grow
        RegionAdmission.Permit first = now(admission.admit("region-a", "payment-svc", Duration.ofSeconds(5)));
        now(admission.admit("region-a", "payment-svc", Duration.ofSeconds(5)));
        Future<RegionAdmission.Permit> third = admission.admit("region-a", "payment-svc", Duration.ofSeconds(5));
        Future<RegionAdmission.Permit> fourth = admission.admit("region-a", "payment-svc", Duration.ofSeconds(5));
        assertThat(third.isComplete()).isFalse();
        assertThat(admission.load("region-a").get("payment-svc")).isEqualTo(new RegionAdmission.Load(2, 2, 2));

        first.answered();
        now(third);
        assertThat(fourth.isComplete()).as("still waiting: one left, one came in").isFalse();
        assertThat(admission.load("region-b")).as("regions are limited apart").isEmpty();
        now(admission.admit("region-b", "payment-svc", Duration.ofSeconds(5)));
        now(admission.admit("region-a", "messaging-svc", Duration.ofSeconds(5)));
        assertThat(admission.load("region-a").get("messaging-svc")).as("and so are services").isEqualTo(new RegionAdmission.Load(2, 1, 0));
    }

    @Test
    void aRequestThatFindsNoRoomWithinItsWaitIsRefusedAndNeverLetInLater() throws Exception {
        RegionAdmission admission = admission(1, 1, 10);
        RegionAdmission.Permit held = now(admission.admit("region-a", "payment-svc", Duration.ofSeconds(5)));
        Future<RegionAdmission.Permit> waiting = admission.admit("region-a", "payment-svc", Duration.ofMillis(100));
        assertThatThrownBy(() -> now(waiting)).hasCauseInstanceOf(RegionAdmission.Full.class)
                .hasMessageContaining("1 requests in flight");
        held.ignored();
        assertThat(admission.load("region-a").get("payment-svc")).isEqualTo(new RegionAdmission.Load(1, 0, 0));
    }

    @Test
    void missingAnswersCutTheLimitAndAnswersUnderLoadRaiseItAgain() throws Exception {
        RegionAdmission admission = admission(8, 2, 10);
        List<RegionAdmission.Permit> inFlight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inFlight.add(now(admission.admit("region-a", "payment-svc", Duration.ofSeconds(5))));
        }
        inFlight.get(0).unanswered();
        inFlight.get(1).unanswered();
        assertThat(admission.load("region-a").get("payment-svc").limit()).as("8 halved, then halved again").isEqualTo(2);
        inFlight.get(2).unanswered();
        assertThat(admission.load("region-a").get("payment-svc").limit()).as("never below the minimum").isEqualTo(2);
        inFlight.subList(3, 8).forEach(RegionAdmission.Permit::answered);
        assertThat(admission.load("region-a").get("payment-svc").limit()).as("answers while the limit was in use").isGreaterThan(2);

        int before = admission.load("region-a").get("payment-svc").limit();
        RegionAdmission.Permit one = now(admission.admit("region-a", "payment-svc", Duration.ofSeconds(5)));
        one.ignored();
        one.unanswered(); // said twice: only the first counts
        assertThat(admission.load("region-a").get("payment-svc")).isEqualTo(new RegionAdmission.Load(before, 0, 0));
    }

    @Test
    void nonsenseSettingsAreRefusedAtStart() {
        assertThatThrownBy(() -> new RegionAdmission(settings(20, 5, 256, 1.0), vertx)).hasMessageContaining("backoff-ratio");
        assertThatThrownBy(() -> new RegionAdmission(settings(3, 5, 256, 0.9), vertx)).hasMessageContaining("min-limit");
    }
}
