package dev.firebreak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.Fuzzing;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile requests against every messaging-svc endpoint: no 5xx, every
 * error a problem, and afterwards message numbering, read positions and credentials are intact.
 */
@QuarkusTest
class HostileInputFuzzTest {

    static final int REQUESTS = 3_000;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void hostileRequestsGetProblemsNeverErrorsAndChatStaysConsistent() throws Exception {
        var payment = StubServerResource.stub("payment");
        payment.reset();
        payment.on("POST", "/transfers", r -> Reply.json(201, "{\"transferId\":\"" + UUID.randomUUID() + "\",\"amount\":1}"));
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(ChatApi.user("fuzz"));
        }
        List<String> ids = new ArrayList<>(users);
        ids.add(ChatApi.room(users.get(0), users.get(1), users.get(2)));
        ids.add(ChatApi.room(users.get(3)));
        Fuzzing fuzz = Fuzzing.of(base);
        var anyUser = fuzz.anyOf(users);

        HostileRequests.Report report = fuzz.run("messaging-svc", REQUESTS, Duration.ofMinutes(4),
                () -> fuzz.oneIn(8) ? TestTokens.service(ServiceIdentity.TAXI) : TestTokens.user(anyUser.get()), fuzz.anyOf(ids));

        assertThat(report.byStatus()).containsKeys(400, 401, 404);

        Fuzzing.assertNoneBroken(dataSource, """
                SELECT (SELECT count(*) FROM room r WHERE r.last_seq <> (SELECT count(*) FROM message m WHERE m.room_id = r.id)),
                       (SELECT count(*) FROM room r WHERE r.last_seq <> coalesce((SELECT max(seq) FROM message m WHERE m.room_id = r.id), 0)),
                       (SELECT count(*) FROM room_member m JOIN room r ON r.id = m.room_id WHERE m.last_read_seq > r.last_seq),
                       (SELECT count(*) FROM credential WHERE password_hash NOT LIKE '$2%')""",
                "rooms whose message count differs from their last seq", "rooms with gaps or overruns in message numbers",
                "read positions past the last message", "credentials that are not bcrypt hashes");
    }

    @Test
    void everyClassOfHostileInputIsRefusedAtEveryEndpointTheDocumentDeclares() throws Exception {
        var payment = StubServerResource.stub("payment");
        payment.reset();
        String alice = ChatApi.user("sweep");
        String room = ChatApi.room(alice);
        Fuzzing.of(base).sweepEveryClass("messaging-svc", op -> op.path().equals("/notices")
                ? TestTokens.service(ServiceIdentity.TAXI) : op.path().startsWith("/ops") ? TestTokens.admin() : TestTokens.user(alice), () -> room);
        assertThat(payment.received("POST", "/transfers")).as("nothing hostile reached payment-svc").isEmpty();
        ChatApi.as(alice).get("/rooms/{id}/messages", room).then().statusCode(200).body("items.size()", org.hamcrest.Matchers.is(0));
    }
}
