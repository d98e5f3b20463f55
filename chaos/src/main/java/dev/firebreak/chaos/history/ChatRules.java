package dev.firebreak.chaos.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a room: its messages numbered without gaps or repeats; nothing a client was shown
 * goes missing; a client never sees a room's newest number go back. Operations: {@code send}
 * ({@code room}, {@code clientMessageId}, {@code seq} when acknowledged), {@code read-room}
 * ({@code room}, {@code messages}: [[clientMessageId, seq], ...] of the newest page) and the
 * read-back's {@code final-room} (every message of the room).
 */
final class ChatRules {

    private ChatRules() {
    }

    static void check(List<History.Op> ops, Verdict.Builder found, Checker.Doubts doubts) {
        Map<String, History.Op> finalRooms = new HashMap<>();
        Map<String, Map<String, List<Long>>> finalSeqs = new HashMap<>();
        for (History.Op op : ops) {
            if (op.f().equals("final-room") && op.ok()) {
                String room = op.value().path("room").asText();
                finalRooms.put(room, op);
                Map<String, List<Long>> byId = new HashMap<>();
                List<Long> seqs = new ArrayList<>();
                for (JsonNode m : op.value().path("messages")) {
                    byId.computeIfAbsent(m.get(0).asText(), k -> new ArrayList<>()).add(m.get(1).asLong());
                    seqs.add(m.get(1).asLong());
                }
                finalSeqs.put(room, byId);
                seqs.sort(null);
                for (int i = 0; i < seqs.size(); i++) {
                    if (seqs.get(i) != i + 1) {
                        found.add(Rule.CHAT_GAPLESS, "room " + room + " has " + (seqs.get(i) > i + 1 ? "a gap" : "a repeat") + " at #"
                                + (i + 1) + " (found #" + seqs.get(i) + ")", op);
                        break;
                    }
                }
            }
        }
        Map<String, List<History.Op>> byClientAndRoom = new HashMap<>();
        for (History.Op op : ops) {
            String room = op.value().path("room").asText();
            if (op.f().equals("send") && op.unknown()) {
                Map<String, List<Long>> room1 = finalSeqs.get(room);
                if (room1 == null) {
                    found.add(Rule.IN_DOUBT_RESOLVED, "message " + op.value().path("clientMessageId").asText() + " is in doubt and room "
                            + room + " was not read back", op);
                } else {
                    doubts.resolved(room1.containsKey(op.value().path("clientMessageId").asText()));
                }
            }
            if (!op.ok() || !(op.f().equals("send") || op.f().equals("read-room"))) {
                continue;
            }
            byClientAndRoom.computeIfAbsent(op.process() + " " + room, k -> new ArrayList<>()).add(op);
            Map<String, List<Long>> after = finalSeqs.get(room);
            if (after == null) {
                continue; // not read back: the verifier says so
            }
            for (long[] seen : shown(op)) {
                String id = op.f().equals("send") ? op.value().path("clientMessageId").asText() : null;
                JsonNode messages = op.value().path("messages");
                if (id == null) {
                    id = messages.get((int) seen[1]).get(0).asText();
                }
                List<Long> there = after.getOrDefault(id, List.of());
                if (!there.contains(seen[0])) {
                    found.add(Rule.CHAT_NO_VANISHED_READS, op.process() + " was shown message " + id + " as #" + seen[0] + " in room " + room
                            + (there.isEmpty() ? ", and it is gone" : ", and it is now " + there), op, finalRooms.get(room));
                }
            }
        }
        for (List<History.Op> seen : byClientAndRoom.values()) {
            RealTime before = new RealTime(seen, ChatRules::newest);
            for (History.Op later : seen) {
                History.Op earlier = before.highestBefore(later);
                if (earlier != null && newest(later) < newest(earlier)) {
                    found.add(Rule.CHAT_MONOTONIC_READS, later.process() + " saw room " + later.value().path("room").asText()
                            + " end at #" + newest(later) + " after it had seen #" + newest(earlier), earlier, later);
                }
            }
        }
    }

    /** The messages an operation showed its client: {seq, index in its page} ({@code send}: its own, index -1). */
    private static List<long[]> shown(History.Op op) {
        List<long[]> out = new ArrayList<>();
        if (op.f().equals("send")) {
            out.add(new long[] {op.value().path("seq").asLong(), -1});
        } else {
            JsonNode messages = op.value().path("messages");
            for (int i = 0; i < messages.size(); i++) {
                out.add(new long[] {messages.get(i).get(1).asLong(), i});
            }
        }
        return out;
    }

    /** The newest number in the room an operation showed (0 for an empty page). */
    private static long newest(History.Op op) {
        return shown(op).stream().mapToLong(s -> s[0]).max().orElse(0);
    }
}
