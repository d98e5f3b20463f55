package dev.firebreak.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firebreak.identity.ServiceIdentity;
import dev.firebreak.testing.HostileRequests;
import dev.firebreak.testing.StubServer.Reply;
import dev.firebreak.testing.StubServerResource;
import dev.firebreak.testing.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
        long seed = Long.getLong("fuzz.seed", 20_261_125L);
        Random pick = new Random(seed);
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);

        HostileRequests.Report report = fuzz.runAndCheck("messaging-svc", seed, REQUESTS, Duration.ofMinutes(4),
                () -> pick.nextInt(8) == 0 ? TestTokens.service(ServiceIdentity.TAXI) : TestTokens.user(users.get(pick.nextInt(users.size()))),
                () -> ids.get(pick.nextInt(ids.size())));

        assertThat(report.byStatus()).containsKeys(400, 401, 404);

        try (Connection c = dataSource.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("""
                     SELECT (SELECT count(*) FROM room r WHERE r.last_seq <> (SELECT count(*) FROM message m WHERE m.room_id = r.id)),
                            (SELECT count(*) FROM room r WHERE r.last_seq <> coalesce((SELECT max(seq) FROM message m WHERE m.room_id = r.id), 0)),
                            (SELECT count(*) FROM room_member m JOIN room r ON r.id = m.room_id WHERE m.last_read_seq > r.last_seq),
                            (SELECT count(*) FROM credential WHERE password_hash NOT LIKE '$2%')""")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rooms whose message count differs from their last seq").isZero();
            assertThat(rs.getLong(2)).as("rooms with gaps or overruns in message numbers").isZero();
            assertThat(rs.getLong(3)).as("read positions past the last message").isZero();
            assertThat(rs.getLong(4)).as("credentials that are not bcrypt hashes").isZero();
        }
    }

    @Test
    void everyClassOfHostileInputIsRefusedAtEveryEndpointTheDocumentDeclares() throws Exception {
        var payment = StubServerResource.stub("payment");
        payment.reset();
        String alice = ChatApi.user("sweep");
        String room = ChatApi.room(alice);
        HostileRequests fuzz = HostileRequests.fromOpenApi(base);
        java.util.function.Function<HostileRequests.Operation, String> auth = op -> op.path().equals("/notices")
                ? TestTokens.service(ServiceIdentity.TAXI) : op.path().startsWith("/ops") ? TestTokens.admin() : TestTokens.user(alice);
        HostileRequests.check("messaging-svc unsafe text", fuzz.unsafeTextSweep(auth, () -> room));
        HostileRequests.check("messaging-svc content types", fuzz.contentTypeSweep(auth, () -> room));
        HostileRequests.check("messaging-svc paths", fuzz.pathSweep(auth, () -> room));
        assertThat(payment.received("POST", "/transfers")).as("nothing hostile reached payment-svc").isEmpty();
        ChatApi.as(alice).get("/rooms/{id}/messages", room).then().statusCode(200).body("items.size()", org.hamcrest.Matchers.is(0));
    }
}
