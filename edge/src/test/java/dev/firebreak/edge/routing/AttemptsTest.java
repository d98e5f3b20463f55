package dev.firebreak.edge.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptsTest {

    private static Attempts through(String... regions) {
        return new Attempts(null, null, "/rooms", Buffer.buffer(), true, List.of(regions));
    }

    @Test
    void triesTheRegionsInTheOrderGivenOnce() {
        Attempts a = through("region-a", "region-b");

        assertThat(a.nextRegion()).isEqualTo("region-a");
        assertThat(a.more()).isTrue();
        assertThat(a.nextRegion()).isEqualTo("region-b");
        assertThat(a.more()).isFalse();
    }

    @Test
    void saysWhichRegionsFailedAndWhyInOrder() {
        Attempts a = through("region-a", "region-b");
        a.failed(a.nextRegion(), "ConnectException (Connection refused)");
        a.failed(a.nextRegion(), "HTTP 503");

        assertThat(a.regionsTried()).containsExactly("region-a", "region-b");
        assertThat(a.why()).isEqualTo("region-a: ConnectException (Connection refused); region-b: HTTP 503");
    }

    @Test
    void onceAnAttemptMayHaveBeenAppliedItStaysSo() {
        Attempts a = through("region-a", "region-b");
        assertThat(a.anyMaybeApplied()).isFalse();

        a.mayHaveBeenApplied();
        a.failed(a.nextRegion(), "HTTP 502");
        a.failed(a.nextRegion(), "ConnectException (Connection refused)");

        assertThat(a.anyMaybeApplied()).isTrue();
    }
}
