package dev.firebreak.chaos.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.chaos.load.AckLog;
import dev.firebreak.chaos.history.History;
import dev.firebreak.chaos.load.Api;
import dev.firebreak.chaos.load.Target;
import dev.firebreak.chaos.load.Users;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the run's rooms back: every acknowledged message must be in its room's history exactly
 * once, under the number it was acknowledged with; an in-doubt message at most once; and each
 * room's numbers must have no gaps (messages are numbered per room under its lock).
 */
public final class ChatVerifier {

    private final Api api;
    private final Target target;

    public ChatVerifier(Api api, Target target) {
        this.api = api;
        this.target = target;
    }

    /** Reads every room back; each room's whole history goes to {@code history} as a {@code final-room}. */
    public Verification verify(Users users, List<String> rooms, AckLog log, History history) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Long>> byClientId = new HashMap<>();
        for (String room : rooms) {
            readBack(users, room, byClientId, problems, history);
        }
        return tally(log, byClientId, problems);
    }

    /** Every message of {@code room}, by client message id, checking its numbering. */
    private void readBack(Users users, String room, Map<String, List<Long>> byClientId, List<String> problems, History history) {
        List<Long> seqs = new ArrayList<>();
        List<List<Object>> messages = new ArrayList<>();
        long invoked = System.nanoTime();
        History.Type read = History.Type.OK;
        String reader = users.ids().get(0);
        String before = null;
        for (int page = 0; page < 10_000; page++) {
            String path = "/rooms/" + room + "/messages?limit=200" + (before == null ? "" : "&before=" + before);
            Api.Answer answer = api.send("GET", target.url("messaging-svc", path), users.auth(reader), null);
            if (!answer.ok()) {
                problems.add("cannot read room " + room + ": " + answer.status() + " " + (answer.error() == null ? "" : answer.error()));
                read = History.Type.FAIL;
                break;
            }
            JsonNode body = answer.json();
            for (JsonNode m : body.path("items")) {
                byClientId.computeIfAbsent(m.path("clientMessageId").asText(), k -> new ArrayList<>()).add(m.path("seq").asLong());
                seqs.add(m.path("seq").asLong());
                messages.add(List.of(m.path("clientMessageId").asText(), m.path("seq").asLong()));
            }
            JsonNode next = body.path("nextCursor");
            before = next.isNull() || next.isMissingNode() ? null : next.asText();
            if (before == null) {
                break;
            }
        }
        history.add("read-back", "final-room", read, invoked, System.nanoTime(), null, Map.of("room", room, "messages", messages));
        seqs.sort(null);
        for (int i = 0; i < seqs.size(); i++) {
            if (seqs.get(i) != i + 1) {
                problems.add("room " + room + " numbering has a gap or repeat at " + (i + 1) + " (found " + seqs.get(i) + ")");
                break;
            }
        }
    }

    private static Verification tally(AckLog log, Map<String, List<Long>> byClientId, List<String> problems) {
        long acknowledged = 0;
        long lost = 0;
        long duplicated = 0;
        for (AckLog.Write w : log.acknowledged()) {
            if (!w.service().equals("messaging-svc")) {
                continue;
            }
            acknowledged++;
            List<Long> found = byClientId.getOrDefault(w.key(), List.of());
            if (found.isEmpty()) {
                lost++;
                problems.add("acknowledged message " + w.key() + " (#" + w.id() + ") is missing");
            } else if (found.size() > 1) {
                duplicated++;
                problems.add("message " + w.key() + " appears " + found.size() + " times: " + found);
            } else if (!String.valueOf(found.get(0)).equals(w.id())) {
                problems.add("message " + w.key() + " was acknowledged as #" + w.id() + " but is #" + found.get(0));
            }
        }
        long inDoubt = 0;
        long committed = 0;
        for (AckLog.Write w : log.inDoubt()) {
            if (!w.service().equals("messaging-svc")) {
                continue;
            }
            inDoubt++;
            int n = byClientId.getOrDefault(w.key(), List.of()).size();
            if (n == 1) {
                committed++;
            } else if (n > 1) {
                duplicated++;
                problems.add("in-doubt message " + w.key() + " appears " + n + " times");
            }
        }
        return new Verification("messaging-svc", acknowledged, lost, duplicated, inDoubt, committed, problems.isEmpty(), problems);
    }
}
