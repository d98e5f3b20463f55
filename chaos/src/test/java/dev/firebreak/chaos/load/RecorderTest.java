package dev.firebreak.chaos.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecorderTest {

    private static final long S = 1_000_000_000L;

    @Test
    void rtoIsTheLongestStretchWithoutASuccessWhetherRequestsFailedOrHung() {
        Recorder r = new Recorder(0);
        for (long t = 0; t < 10; t++) {
            r.record("payment-svc", t * S, t * S + 20_000_000, Outcome.ACKED);
        }
        r.record("payment-svc", 10 * S, 11 * S, Outcome.FAILED);
        // Nothing answered between 9.02 s and 13.5 s: a hang counts as much as an error.
        r.record("payment-svc", 12 * S, 13_500_000_000L, Outcome.ACKED);

        Recorder.Summary s = r.summary("payment-svc");
        assertThat(s.rtoSeconds()).isCloseTo(4.48, org.assertj.core.data.Offset.offset(0.001));
        assertThat(s.requests()).isEqualTo(12);
        assertThat(s.errors()).isEqualTo(1);
        assertThat(r.timeline("payment-svc")).extracting(Recorder.Second::second).contains(0L, 9L, 11L, 13L);
    }

    @Test
    void aServiceThatNeverCameBackIsOutUntilItsLastError() {
        Recorder r = new Recorder(0);
        r.record("taxi-svc", 0, S, Outcome.ACKED);
        r.record("taxi-svc", 2 * S, 8 * S, Outcome.IN_DOUBT);

        assertThat(r.summary("taxi-svc").rtoSeconds()).isEqualTo(7.0);
    }

    @Test
    void errorsAreCountedByWhatTheClientWasToldTheCommonestFirst() {
        Recorder r = new Recorder(0);
        Api.Answer slow = new Api.Answer(503, "{\"type\":\"https://firebreak.dev/problems/region-unavailable\",\"outcomeUnknown\":true}",
                null, null);
        Api.Answer silent = new Api.Answer(-1, null, null, "HttpTimeoutException: request timed out");
        r.record("payment-svc", 0, S, slow.writeOutcome(), slow);
        r.record("payment-svc", 0, S, silent.writeOutcome(), silent);
        r.record("payment-svc", 0, S, slow.writeOutcome(), slow);
        r.record("payment-svc", 0, S, Outcome.ACKED);

        assertThat(r.errorCauses("payment-svc")).containsExactly(
                org.assertj.core.api.Assertions.entry("HTTP 503 region-unavailable, outcome unknown", 2L),
                org.assertj.core.api.Assertions.entry("no answer: HttpTimeoutException", 1L));
    }

    @Test
    void aPausedRecorderIgnoresSetUpTraffic() {
        Recorder r = Recorder.paused();
        long before = System.nanoTime();
        r.record("chat", before, before + 5, Outcome.FAILED);
        r.begin();

        assertThat(r.summary("chat").requests()).isZero();
    }

    @Test
    void aRequestDueBeforeItWasSentCountsFromWhenItWasDue() {
        Recorder r = new Recorder(0);
        Api.Answer ok = new Api.Answer(200, "{}", null, null);
        long due = System.nanoTime() - 800_000_000L; // a client held up for 0.8 s behind a stalled system
        Calls.Result result = Calls.write(r, "payment-svc", Retries.standard(), due, () -> ok);

        assertThat(result.acked()).isTrue();
        assertThat(r.summary("payment-svc").p99Ms()).as("coordinated omission corrected").isGreaterThanOrEqualTo(800);
    }

    @Test
    void aFailedRequestCountsInTheLatenciesAtTheClientsTimeout() {
        Recorder r = new Recorder(0).countFailuresAt(java.time.Duration.ofSeconds(3));
        for (int i = 0; i < 98; i++) {
            r.record("payment-svc", 0, 10_000_000, Outcome.ACKED);
        }
        r.record("payment-svc", 0, 5_000_000, Outcome.FAILED); // a quick 503 still cost its client a failure
        r.record("payment-svc", 0, 5_000_000, Outcome.IN_DOUBT);

        Recorder.Summary s = r.summary("payment-svc");
        assertThat(s.p50Ms()).isCloseTo(10, org.assertj.core.data.Offset.offset(0.1));
        assertThat(s.maxMs()).isCloseTo(3000, org.assertj.core.data.Offset.offset(5.0));
        assertThat(s.p999Ms()).isGreaterThanOrEqualTo(2990);
    }

    @Test
    void attemptErrorsAndClientVisibleFailuresAreCountedApart() {
        Recorder r = new Recorder(0);
        // One activity whose first attempt failed and whose retry succeeded, one that gave up.
        r.record("taxi-svc", 0, S, Outcome.FAILED);
        r.record("taxi-svc", S, 2 * S, Outcome.ACKED);
        r.activity("taxi-svc", 0, false);
        r.record("taxi-svc", 0, S, Outcome.IN_DOUBT);
        r.activity("taxi-svc", 0, true);
        r.activity("taxi-svc", 0, false);

        Recorder.Summary s = r.summary("taxi-svc");
        assertThat(s.errorRate()).as("attempt error rate").isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.clientFailureRate()).as("client-visible").isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }
}
