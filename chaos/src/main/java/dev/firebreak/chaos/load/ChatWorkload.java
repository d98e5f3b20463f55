package dev.firebreak.chaos.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KakaoTalk traffic: the run's users talk in {@code rooms} group rooms (each message to one picked
 * at random; messages are numbered per room under the room's lock), each with its own
 * {@code clientMessageId}, so a resend after a lost answer is applied once. Every attempt is
 * recorded; each message ends up acknowledged (with its number in the room), refused, or in doubt.
 */
public final class ChatWorkload implements Workload {

    private final Api api;
    private final Target target;
    private final Users users;
    private final Recorder recorder;
    private final AckLog log;
    private final String run;
    private final Retries retries;
    private final AtomicLong seq = new AtomicLong();
    private final List<String> rooms;

    public ChatWorkload(Api api, Target target, Users users, Recorder recorder, AckLog log, String run, Retries retries, int rooms) {
        this.rooms = java.util.stream.IntStream.range(0, rooms).mapToObj(i -> i == 0 ? run + "-room" : run + "-room-" + i).toList();
        this.api = api;
        this.target = target;
        this.users = users;
        this.recorder = recorder;
        this.log = log;
        this.run = run;
        this.retries = retries;
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
            Users.until(deadline, "open the room " + room, () -> api.send("PUT", target.url(service(), "/rooms/" + room),
                    users.auth(owner), body).ok());
        }
    }

    @Override
    public void once(SplittableRandom random) {
        List<String> ids = users.ids();
        String sender = ids.get(random.nextInt(ids.size()));
        String room = rooms.get(random.nextInt(rooms.size()));
        String clientId = run + "-m-" + seq.incrementAndGet();
        String body = Api.json(Map.of("clientMessageId", clientId, "text", "drill message " + clientId));
        Writes.Result r = Writes.perform(recorder, service(), retries,
                () -> api.send("POST", target.url(service(), "/rooms/" + room + "/messages"), users.auth(sender), body));
        if (r.acked()) {
            log.acknowledged(new AckLog.Write(service(), "MESSAGE", clientId, List.of(room), 0,
                    String.valueOf(r.answer().json().path("seq").asLong()), System.currentTimeMillis(), r.attempts()));
        } else if (r.inDoubt()) {
            log.inDoubt(new AckLog.Write(service(), "MESSAGE", clientId, List.of(room), 0, null, 0, r.attempts()));
        }
    }
}
