package dev.firebreak.edge.events;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every decision the edge takes, with a timestamp and a reason ({@code GET /edge/events}), so a
 * drill can time detection, promotion and traffic switch separately. Kept in memory, bounded.
 */
@ApplicationScoped
public class EdgeEvents {

    /** What an event is about. */
    public enum Kind {
        /** A region's service stopped answering (active checks or real traffic). */
        SERVICE_DOWN,
        /** A region's service answers again. */
        SERVICE_UP,
        /** Clients of a service are now sent to another region. */
        TRAFFIC_SWITCHED,
        /** The witness took its first look and recorded who is primary. */
        ADOPTED,
        /** The witness lost sight of a region's database. */
        DATABASE_UNREACHABLE,
        /** The witness sees a region's database again. */
        DATABASE_REACHABLE,
        /** The primary's region is lost: unreachable from the witness and from the standby's region. */
        REGION_LOST,
        /** A standby was promoted to primary (by its region's operator, once the witness designated it). */
        PROMOTED,
        /** A region's API server accepted the witness's patch to its CloudNativePG Cluster. */
        CLUSTER_PATCHED,
        /** The witness lost sight of a region's API server. */
        API_UNREACHABLE,
        /** The witness reaches a region's API server again. */
        API_REACHABLE,
        /** A promotion the rules forbid was not made (and why). */
        PROMOTION_REFUSED,
        /** Replication was made asynchronous so the primary can commit without its lost standby: the at-risk window opens. */
        DEGRADED_TO_ASYNC,
        /** Replication is synchronous again: the at-risk window closes. */
        SYNC_RESTORED,
        /** A database that must not be the primary was demoted through its Cluster: it acknowledges nothing more. */
        DEMOTED,
        /** A returning database streams from the primary again (its operator rebuilt it as a standby). */
        REJOINED,
        /** An operator asked for something (switchover, failover, drain). */
        ADMIN,
        /** The witness cannot act as it should (and why). */
        ALARM
    }

    /** One event. {@code region} and {@code service} may be null. */
    public record Event(long seq, Instant time, Kind kind, String region, String service, String detail) {
    }

    private static final Logger LOG = Logger.getLogger(EdgeEvents.class);
    private static final int KEPT = 5000;

    private final Clock clock;
    private final Deque<Event> events = new ArrayDeque<>();
    private long seq;

    public EdgeEvents(Clock clock) {
        this.clock = clock;
        // Numbers keep growing across restarts: they start from the boot time (in thousandths of a
        // millisecond), so a watcher asking for the events after the last one it saw (status-svc,
        // the drill) also gets a restarted edge's, instead of waiting for a count from 1 to catch up.
        this.seq = clock.millis() * 1_000;
    }

    public synchronized Event record(Kind kind, String region, String service, String detail) {
        Event e = new Event(++seq, clock.instant(), kind, region, service, detail);
        events.addLast(e);
        if (events.size() > KEPT) {
            events.removeFirst();
        }
        LOG.infof("%s %s%s: %s", kind, region == null ? "" : region, service == null ? "" : "/" + service, detail);
        return e;
    }

    /** Events after sequence number {@code after}, oldest first. */
    public synchronized List<Event> since(long after) {
        return events.stream().filter(e -> e.seq() > after).toList();
    }
}
