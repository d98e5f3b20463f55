package dev.firebreak.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firebreak.common.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PeerFallbackTest {

    private final TimeoutException here = new TimeoutException("no answer within 4000 ms");
    private final List<PeerFallback.Outage> degraded = new ArrayList<>();

    private String degrade(PeerFallback.Outage outage) {
        degraded.add(outage);
        return "deferred: " + outage.summary();
    }

    @Test
    void thePeerRegionsAnswerIsTheAnswer() {
        String answer = PeerFallback.to("payment-svc", "charge ride:1", here, () -> "transfer 42", this::degrade);

        assertThat(answer).isEqualTo("transfer 42");
        assertThat(degraded).isEmpty();
    }

    @Test
    void whenThePeerRegionFailsTooTheCallersDegradationAnswersWithBothCauses() {
        DependencyFailedException peer = new DependencyFailedException("payment-svc answered 503", 503);

        String answer = PeerFallback.to("payment-svc", "charge ride:1", here, () -> {
            throw peer;
        }, this::degrade);

        assertThat(answer).isEqualTo("deferred: payment-svc unavailable: TimeoutException (no answer within 4000 ms)");
        assertThat(degraded).singleElement().satisfies(o -> {
            assertThat(o.here()).isSameAs(here);
            assertThat(o.peer()).isSameAs(peer);
        });
    }

    @Test
    void aRefusalFromThePeerRegionIsAnAnswerNotAnOutage() {
        RejectedByDependencyException refused = new RejectedByDependencyException(
                Problem.of(409, "insufficient-funds", "Insufficient funds").build());

        assertThatThrownBy(() -> PeerFallback.to("payment-svc", "transfer t1", here, () -> {
            throw refused;
        }, this::degrade)).isSameAs(refused);
        assertThat(degraded).isEmpty();
    }

    @Test
    void theDegradationMayRefuseInsteadOfAnswering() {
        assertThatThrownBy(() -> PeerFallback.<String>to("payment-svc", "transfer t1", here, () -> {
            throw new IllegalStateException("connection refused");
        }, outage -> {
            throw Problem.of(503, "payment-unavailable", "Payments are unavailable").exception();
        })).isInstanceOf(dev.firebreak.common.problem.ProblemException.class).hasMessageContaining("payment-unavailable");
    }

    @Test
    void aFailureIsDescribedByItsTypeAndTheFirstLineOfItsMessage() {
        assertThat(PeerFallback.describe(new IllegalStateException("refused\nat line two"))).isEqualTo("IllegalStateException (refused)");
        assertThat(PeerFallback.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
