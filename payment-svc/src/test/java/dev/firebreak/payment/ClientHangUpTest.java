package dev.firebreak.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firebreak.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up in the middle of its request (the edge giving up on a slow region does
 * exactly this) is not the service failing: no ERROR, no incident id, no 500 in the metrics.
 */
@QuarkusTest
class ClientHangUpTest {

    /** ProblemMappers and BodyLimitFilter: whoever sees the hang-up says so here. */
    private static final Logger PROBLEMS = Logger.getLogger("dev.firebreak.common.problem");

    @TestHTTPResource("/")
    URL base;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level before;

    @BeforeEach
    void listen() {
        before = PROBLEMS.getLevel();
        PROBLEMS.setLevel(Level.FINE);
        PROBLEMS.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        PROBLEMS.removeHandler(capture);
        PROBLEMS.setLevel(before);
    }

    @Test
    void aClientThatHangsUpHalfwayThroughItsBodyIsNotAnInternalError() throws Exception {
        String partial = "{\"toUserId\":\"b\",";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /transfers HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: " + TestTokens.user("a") + "\r\n"
                    + "Idempotency-Key: " + UUID.randomUUID() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n" + partial).getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300); // the service is now waiting for the rest of the body
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged)
                .anySatisfy(r -> assertThat(r.getMessage() + " " + r.getParameters()).contains("closed the connection")));
        assertThat(logged).as("logged as an error: " + logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList())
                .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
    }

    @Test
    void aClientThatHangsUpHalfwayThroughAChunkedBodyIsNotAnErrorEither() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /transfers HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Authorization: " + TestTokens.user("a") + "\r\n"
                    + "Idempotency-Key: " + UUID.randomUUID() + "\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\n{\"toUserId\":\"b\",\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(300); // the service is now waiting for the next chunk
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logged)
                .anySatisfy(r -> assertThat(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())).contains("client gone")));
        assertThat(logged).as("logged as an error: " + logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList())
                .noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
    }
}
