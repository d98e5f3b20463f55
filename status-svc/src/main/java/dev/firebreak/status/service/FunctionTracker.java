package dev.firebreak.status.service;

import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.FunctionView;
import dev.firebreak.status.model.FunctionView.UptimeMinute;
import dev.firebreak.status.model.Overview.State;
import dev.firebreak.status.service.FunctionRollup.FunctionState;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows each function from poll to poll: its state and since when, its last hour a minute at a
 * time, and the incidents (periods when some function was not operational). An incident ends
 * when everything has been operational for {@code status.incident-quiet}, so a flap inside it
 * does not split it in two. Bounded memory; rebuilt after a restart.
 */
@ApplicationScoped
public class FunctionTracker {

    /** An incident as it is kept: the timeline is attached when it is shown. */
    public record IncidentRecord(long id, Instant started, Instant ended, Map<String, State> functions) {

        State worst() {
            return functions.containsValue(State.DOWN) ? State.DOWN : State.DEGRADED;
        }

        /** e.g. "Payments and Taxi degraded" or "Chat down; Payments degraded". */
        String title() {
            List<String> parts = new ArrayList<>();
            for (State s : List.of(State.DOWN, State.DEGRADED)) {
                List<String> names = functions.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey).toList();
                if (!names.isEmpty()) {
                    parts.add(inWords(names) + " " + s.name().toLowerCase());
                }
            }
            return String.join("; ", parts);
        }
    }

    /** "Chat", "Chat and Taxi", "Chat, Payments and Taxi". */
    static String inWords(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static final class Tracked {
        FunctionState now;
        Instant since;
        final Deque<int[]> minutes = new ArrayDeque<>(); // [epochMinute, samples, down, worstOrdinal]
    }

    private static final int MINUTES = 60;

    private final StatusBoard board;
    private final EdgeWatch edge;
    private final Clock clock;
    private final Duration quiet;
    private final int incidentLimit;
    private final Map<String, StatusConfig.Function> watched = new java.util.TreeMap<>();
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Deque<IncidentRecord> incidents = new ArrayDeque<>();
    private IncidentRecord open;
    private Instant allClearSince;
    private long nextId = 1;

    public FunctionTracker(StatusConfig config, StatusBoard board, EdgeWatch edge, Clock clock) {
        this.board = board;
        this.edge = edge;
        this.clock = clock;
        this.quiet = config.incidentQuiet();
        this.incidentLimit = config.incidentLimit();
        // A function is reported only if some target serves it: one nobody watches is not "down".
        config.functions().forEach((key, f) -> {
            if (config.targets().values().stream().anyMatch(t -> t.service().equals(f.service()))) {
                watched.put(key, f);
            }
        });
    }

    /** After a polling round: moves every function, its uptime and the incident log on. */
    public void update() {
        List<FunctionState> states = FunctionRollup.rollup(watched, board.overview(), edge.view());
        record(states, clock.instant());
    }

    synchronized void record(List<FunctionState> states, Instant now) {
        for (FunctionState s : states) {
            Tracked t = tracked.computeIfAbsent(s.key(), k -> new Tracked());
            if (t.now == null || t.now.state() != s.state()) {
                t.since = now;
            }
            t.now = s;
            sample(t, s.state(), now);
        }
        Map<String, State> affected = states.stream().filter(s -> s.state() != State.OPERATIONAL)
                .collect(Collectors.toMap(FunctionState::title, FunctionState::state, (a, b) -> a, LinkedHashMap::new));
        if (!affected.isEmpty()) {
            allClearSince = null;
            if (open == null) {
                open = new IncidentRecord(nextId++, now, null, new LinkedHashMap<>());
                incidents.addFirst(open);
                while (incidents.size() > incidentLimit) {
                    incidents.removeLast();
                }
            }
            affected.forEach((title, state) -> open.functions().merge(title, state, (a, b) -> a == State.DOWN || b == State.DOWN ? State.DOWN : State.DEGRADED));
        } else if (open != null) {
            if (allClearSince == null) {
                allClearSince = now;
            }
            if (!now.isBefore(allClearSince.plus(quiet))) {
                IncidentRecord closed = new IncidentRecord(open.id(), open.started(), allClearSince, open.functions());
                incidents.removeFirstOccurrence(open);
                incidents.addFirst(closed);
                open = null;
                allClearSince = null;
            }
        }
    }

    private static void sample(Tracked t, State state, Instant now) {
        int minute = (int) (now.getEpochSecond() / 60);
        int[] last = t.minutes.peekLast();
        if (last == null || last[0] != minute) {
            last = new int[] {minute, 0, 0, State.OPERATIONAL.ordinal()};
            t.minutes.addLast(last);
        }
        last[1]++;
        if (state == State.DOWN) {
            last[2]++;
        }
        last[3] = Math.max(last[3], state.ordinal());
        while (!t.minutes.isEmpty() && t.minutes.peekFirst()[0] <= minute - MINUTES) {
            t.minutes.removeFirst();
        }
    }

    /** Every watched function, in key order; state null before the first poll. */
    public synchronized List<FunctionView> functions() {
        Instant now = clock.instant();
        int thisMinute = (int) (now.getEpochSecond() / 60);
        List<FunctionView> out = new ArrayList<>();
        watched.forEach((key, f) -> {
            Tracked t = tracked.get(key);
            List<UptimeMinute> hour = new ArrayList<>(MINUTES);
            int samples = 0;
            int down = 0;
            for (int m = thisMinute - MINUTES + 1; m <= thisMinute; m++) {
                int[] bucket = null;
                if (t != null) {
                    for (int[] b : t.minutes) {
                        if (b[0] == m) {
                            bucket = b;
                        }
                    }
                }
                Instant at = Instant.ofEpochSecond(m * 60L);
                if (bucket == null) {
                    hour.add(new UptimeMinute(at, null, 0, 0));
                } else {
                    hour.add(new UptimeMinute(at, State.values()[bucket[3]], bucket[1], bucket[2]));
                    samples += bucket[1];
                    down += bucket[2];
                }
            }
            Double uptime = samples == 0 ? null : Math.floor(1000.0 * (samples - down) / samples) / 10.0;
            if (t == null) {
                out.add(new FunctionView(key, f.title(), f.service(), null, null, "Checking…", List.of(), uptime, hour));
            } else {
                out.add(new FunctionView(key, f.title(), f.service(), t.now.state(), t.since, summary(t.now), t.now.reasons(), uptime, hour));
            }
        });
        return out;
    }

    private static String summary(FunctionState s) {
        return switch (s.state()) {
            case OPERATIONAL -> "Working normally.";
            case DEGRADED -> "Working, with reduced capacity or redundancy.";
            case DOWN -> "Not working right now.";
        };
    }

    /** Newest first; an ongoing incident has {@code ended} null. */
    public synchronized List<IncidentRecord> incidents() {
        return incidents.stream().map(i -> new IncidentRecord(i.id(), i.started(), i.ended(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(i.functions())))).toList();
    }
}
