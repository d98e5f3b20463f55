package dev.firebreak.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures are the client hanging up (a 499, logged quietly) and which are the service's own (a 500). */
class ClientGoneTest {

    @Test
    void theConnectionClosingUnderTheRequestIsTheClientGoing() {
        assertThat(ProblemMappers.clientGone(new IOException(new IOException(new HttpClosedException("Connection was closed"))))).isTrue();
        assertThat(ProblemMappers.clientGone(new IOException(new ClosedChannelException()))).isTrue();
    }

    @Test
    void anythingElseIsTheServiceFailing() {
        assertThat(ProblemMappers.clientGone(new IOException("No space left on device"))).isFalse();
        assertThat(ProblemMappers.clientGone(new IllegalStateException(new SQLException("connection to the database lost")))).isFalse();
        assertThat(ProblemMappers.clientGone(new NullPointerException())).isFalse();
    }
}
