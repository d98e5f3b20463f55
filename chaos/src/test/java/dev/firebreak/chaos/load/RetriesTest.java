package dev.firebreak.chaos.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private final Retries retries = new Retries(20, 100, 2000);
    private final Api.Answer timedOut = new Api.Answer(-1, null, null, "HttpTimeoutException: request timed out");

    @Test
    void pausesDoubleUpToTheCeilingWithAtMostHalfOfEachLeftToChance() {
        assertThat(retries.pauseMs(1, timedOut, 0.0)).isEqualTo(50);
        assertThat(retries.pauseMs(1, timedOut, 0.999)).isBetween(99L, 100L);
        assertThat(retries.pauseMs(3, timedOut, 0.0)).isEqualTo(200);
        assertThat(retries.pauseMs(6, timedOut, 0.0)).isEqualTo(1000);
        assertThat(retries.pauseMs(15, timedOut, 0.999)).isBetween(1990L, 2000L);
        assertThat(retries.pauseMs(64, timedOut, 0.5)).as("no overflow far along").isBetween(1000L, 2000L);
    }

    @Test
    void clientsFailedTogetherComeBackSpreadOut() {
        assertThat(retries.pauseMs(4, timedOut, 0.1)).isNotEqualTo(retries.pauseMs(4, timedOut, 0.9));
    }

    @Test
    void aServersRetryAfterIsHonouredUpToTheClientsOwnPatience() {
        Api.Answer busy = new Api.Answer(503, "{}", "region-a", null, Duration.ofSeconds(1));
        assertThat(retries.pauseMs(1, busy, 0.0)).isEqualTo(1000);
        Api.Answer later = new Api.Answer(503, "{}", "region-a", null, Duration.ofSeconds(120));
        assertThat(retries.pauseMs(1, later, 0.0)).isEqualTo(2000);
    }

    @Test
    void retryAfterIsReadAsSecondsAndAnythingElseIsIgnored() {
        assertThat(Api.retryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Api.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(Api.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
        assertThat(Api.retryAfter("-3")).isNull();
    }
}
