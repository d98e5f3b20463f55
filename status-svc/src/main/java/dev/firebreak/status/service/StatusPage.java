package dev.firebreak.status.service;

import dev.firebreak.status.edge.EdgeApi;
import dev.firebreak.status.model.Change;
import dev.firebreak.status.model.EdgeView;
import dev.firebreak.status.model.FunctionView;
import dev.firebreak.status.config.StatusConfig;
import dev.firebreak.status.model.Incident;
import dev.firebreak.status.model.OperatorNotice;
import dev.firebreak.status.model.Overview;
import dev.firebreak.status.model.Overview.State;
import dev.firebreak.status.model.Page;
import dev.firebreak.status.model.TimelineEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Puts the page together from the board, the edge and the functions' tracker. */
@ApplicationScoped
public class StatusPage {

    /** Edge events from this long before an incident's start belong to it (the edge often detects first). */
    static final Duration LEAD = Duration.ofSeconds(10);
    /** Timeline entries shown per incident (more when it holds more milestones than that). */
    static final int PER_INCIDENT = 60;
    static final int TIMELINE = 40;

    private final StatusBoard board;
    private final EdgeWatch edge;
    private final FunctionTracker functions;
    private final Clock clock;
    private final String region;
    private final Duration identityWarning;

    public StatusPage(StatusBoard board, EdgeWatch edge, FunctionTracker functions, Clock clock,
            @ConfigProperty(name = "firebreak.cluster", defaultValue = "local") String region, StatusConfig config) {
        this.board = board;
        this.edge = edge;
        this.functions = functions;
        this.clock = clock;
        this.region = region;
        this.identityWarning = config.identityWarning();
    }

    public Page page() {
        Instant now = clock.instant();
        Overview overview = board.overview();
        EdgeView edgeView = edge.view();
        List<FunctionView> fs = functions.functions();
        List<TimelineEntry> timeline = timeline();
        List<Incident> incidents = functions.incidents().stream().map(i -> incident(i, timeline, now)).toList();
        State overall = fs.stream().anyMatch(f -> f.state() == null) ? null
                : fs.stream().map(FunctionView::state).max(Comparator.naturalOrder()).orElse(State.OPERATIONAL);
        List<Page.RegionDetail> regions = overview.regions().stream()
                .map(r -> new Page.RegionDetail(r.region(), r.state(), edgeView.drained().get(r.region()),
                        edgeView.databases().get(r.region()), r.services()))
                .toList();
        return new Page(now, region, overall, headline(overall, fs), overview.polled(), fs, incidents,
                timeline.stream().limit(TIMELINE).toList(), regions, edgeView, notices(overview, now));
    }

    /** A notice per service identity that expires within {@code status.identity-warning}, or has expired. */
    private List<OperatorNotice> notices(Overview overview, Instant now) {
        List<OperatorNotice> notices = new ArrayList<>();
        for (Overview.RegionView r : overview.regions()) {
            for (Overview.ServiceView s : r.services()) {
                s.targets().stream().map(t -> t.identityExpiresAt()).filter(java.util.Objects::nonNull).min(Comparator.naturalOrder())
                        .filter(expires -> expires.isBefore(now.plus(identityWarning)))
                        .ifPresent(expires -> notices.add(identityNotice(s.service(), r.region(), expires, now)));
            }
        }
        return notices;
    }

    static OperatorNotice identityNotice(String service, String region, Instant expires, Instant now) {
        boolean expired = !expires.isAfter(now);
        String when = expired ? "expired " + words(Duration.between(expires, now)) + " ago"
                : "expires in " + words(Duration.between(now, expires));
        return new OperatorNotice("identity-expiry", service, region, expires, expired, service + "'s service identity in " + region
                + " " + when + " (" + expires + "). Re-mint it (./firebreak identity init, or k8s/kind/up.sh) and roll it out"
                + (service.equals("taxi-svc") ? "; until then fares wait in the outbox." : "."));
    }

    private static String words(Duration d) {
        long days = d.toDays();
        return days >= 2 ? days + " days" : d.toHours() >= 2 ? d.toHours() + " hours" : Math.max(1, d.toMinutes()) + " minutes";
    }

    private static String headline(State overall, List<FunctionView> fs) {
        if (overall == null) {
            return "Checking every service in both regions…";
        }
        return switch (overall) {
            case OPERATIONAL -> "All systems operational";
            case DEGRADED -> "Degraded service: " + affected(fs, State.DEGRADED) + " working with reduced redundancy";
            case DOWN -> "Outage: " + affected(fs, State.DOWN) + " not working";
        };
    }

    private static String affected(List<FunctionView> fs, State state) {
        return FunctionTracker.inWords(fs.stream().filter(f -> f.state() == state).map(FunctionView::title).toList());
    }

    /** status-svc's changes and the edge's decisions, newest first. */
    private List<TimelineEntry> timeline() {
        List<TimelineEntry> all = new ArrayList<>();
        for (Change c : board.changes(Integer.MAX_VALUE)) {
            all.add(new TimelineEntry(c.at(), "status-svc", c.kind().name(), c.region(), c.service(), c.detail(), c.afterSeconds(), null));
        }
        for (EdgeApi.Event e : edge.events(Integer.MAX_VALUE)) {
            all.add(new TimelineEntry(e.time(), "edge", e.kind(), e.region(), e.service(), e.detail(), null, null));
        }
        all.removeIf(e -> e.at() == null);
        all.sort(Comparator.comparing(TimelineEntry::at, Comparator.reverseOrder()));
        return all;
    }

    private static Incident incident(FunctionTracker.IncidentRecord i, List<TimelineEntry> timeline, Instant now) {
        Instant from = i.started().minus(LEAD);
        Instant to = i.ended() == null ? now : i.ended();
        List<TimelineEntry> within = new ArrayList<>(timeline.stream()
                .filter(e -> !e.at().isBefore(from) && !e.at().isAfter(to))
                .map(e -> e.at(i.started()))
                .toList());
        within.sort(Comparator.comparing(TimelineEntry::at));
        long duration = Duration.between(i.started(), to).toSeconds();
        return new Incident(i.id(), i.title(), i.worst(), i.functions(), i.started(), i.ended(), duration, i.ended() == null,
                List.copyOf(elide(within)));
    }

    /**
     * An incident's timeline, bounded to {@link #PER_INCIDENT} entries: every milestone (the
     * edge's decisions, the edge going or coming back) is kept, and the routine observations
     * (services and breakers flapping, traffic following them) fill what room is left, the earliest
     * and the latest; each run of dropped entries becomes one ELIDED entry that says how many.
     */
    static List<TimelineEntry> elide(List<TimelineEntry> within) {
        if (within.size() <= PER_INCIDENT) {
            return within;
        }
        List<Integer> routine = new ArrayList<>();
        for (int n = 0; n < within.size(); n++) {
            if (!within.get(n).milestone()) {
                routine.add(n);
            }
        }
        int room = Math.max(0, PER_INCIDENT - (within.size() - routine.size()));
        Set<Integer> dropped = new HashSet<>(routine.subList(room / 2, routine.size() - (room - room / 2)));
        List<TimelineEntry> kept = new ArrayList<>();
        int run = 0;
        for (int n = 0; n <= within.size(); n++) {
            if (n < within.size() && dropped.contains(n)) {
                run++;
                continue;
            }
            if (run > 0) {
                kept.add(new TimelineEntry(within.get(n - run).at(), "status-svc", "ELIDED", null, null, run + (run == 1 ? " more entry" : " more entries")
                        + " in between (GET /api/changes and the edge's /edge/events have them all)", null, within.get(n - run).offsetSeconds()));
                run = 0;
            }
            if (n < within.size()) {
                kept.add(within.get(n));
            }
        }
        return kept;
    }
}
