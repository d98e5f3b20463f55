package dev.firebreak.chaos.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * KakaoTalk traffic: the run's users talk in {@code rooms} group rooms (each message to one picked
 * at random; messages are numbered per room under the room's lock), each with its own
 * {@code clientMessageId}, so a resend after a lost answer is applied once; and, every other
 * time, the sender then opens the room and reads its newest page, as a chat client does. Every
 * attempt is recorded; each message ends up acknowledged (with its number in the room), refused,
 * or in doubt; every send and read goes to the history.
 */
public final class ChatWorkload implements Workload {

    /** Messages in the newest page a client reads. */
    static final int PAGE = 20;

    private final Clients clients;
    private final Users users;
    private final String run;
    private final AtomicLong seq = new AtomicLong();
    private final List<String> rooms;

    public ChatWorkload(Clients clients, Users users, String run, int rooms) {
        this.rooms = IntStream.range(0, rooms).mapToObj(i -> i == 0 ? run + "-room" : run + "-room-" + i).toList();
        this.clients = clients;
        this.users = users;
        this.run = run;
    }

    /** The rooms the run talks in. */
    public List<String> rooms() {
        return rooms;
    }

    @Override
    public String service() {
        return "messaging-svc";
    }

    @Override
    public void setup() {
        List<String> ids = users.ids();
        String owner = ids.get(0);
        String body = Api.json(Map.of("name", "Drill " + run, "members", ids.subList(1, ids.size())));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String room : rooms) {
            Users.until(deadline, "open the room " + room, () -> clients.api().send("PUT", clients.url(service(), "/rooms/" + room),
                    users.auth(owner), body).ok());
        }
    }

    @Override
    public void once(SplittableRandom random, long dueNanos) {
        List<String> ids = users.ids();
        String sender = ids.get(random.nextInt(ids.size()));
        String room = rooms.get(random.nextInt(rooms.size()));
        String clientId = run + "-m-" + seq.incrementAndGet();
        String body = Api.json(Map.of("clientMessageId", clientId, "text", "drill message " + clientId));
        Map<String, Object> sent = new LinkedHashMap<>(Map.of("room", room, "clientMessageId", clientId));
        Calls.Result r = clients.write(service(), sender, "send", dueNanos, sent,
                () -> clients.api().send("POST", clients.url(service(), "/rooms/" + room + "/messages"), users.auth(sender), body),
                (answer, value) -> value.put("seq", answer.json().path("seq").asLong()));
        boolean failed = r.failed();
        if (r.acked()) {
            clients.log().acknowledged(new AckLog.Write(service(), "MESSAGE", clientId, List.of(room), 0,
                    String.valueOf(r.answer().json().path("seq").asLong()), System.currentTimeMillis(), r.attempts()));
        } else if (r.inDoubt()) {
            clients.log().inDoubt(new AckLog.Write(service(), "MESSAGE", clientId, List.of(room), 0, null, 0, r.attempts()));
        }
        if (random.nextBoolean()) {
            failed |= clients.read(service(), sender, "read-room", System.nanoTime(), new LinkedHashMap<>(Map.of("room", room)),
                    () -> clients.api().send("GET", clients.url(service(), "/rooms/" + room + "/messages?limit=" + PAGE),
                            users.auth(sender), null),
                    (answer, value) -> value.put("messages", page(answer.json()))).failed();
        }
        clients.recorder().activity(service(), dueNanos, failed);
    }

    /** A page of messages as [[clientMessageId, seq], ...]. */
    static List<List<Object>> page(JsonNode body) {
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode m : body.path("items")) {
            out.add(List.of(m.path("clientMessageId").asText(), m.path("seq").asLong()));
        }
        return out;
    }
}
