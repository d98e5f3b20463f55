package dev.firebreak.common.fault;

import dev.firebreak.common.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A service's fault flag, for chaos drills (a dependency failing, its callers' breakers opening,
 * their fallbacks serving): while it says {@code fail}, every business request gets a 503
 * problem ({@code injected-fault}, nothing applied); health, metrics and {@code /ops} keep
 * answering, so operators see it and can switch it back. Off unless an admin switches it on
 * ({@code PUT /ops/fault}). One process at a time: a drill switches every pod of a service.
 */
@ApplicationScoped
public class FaultSwitch {

    private static final Logger LOG = Logger.getLogger(FaultSwitch.class);

    /** What the flag can say. */
    public enum Mode {
        /** Serve normally. */
        NONE,
        /** Refuse every business request with a 503, as a failing service would. */
        FAIL
    }

    /** The flag now, and since when. */
    public record State(Mode mode, Instant since) {
    }

    private final Clock clock;
    private volatile State state;

    public FaultSwitch(Clock clock) {
        this.clock = clock;
        this.state = new State(Mode.NONE, clock.instant());
    }

    public State state() {
        return state;
    }

    public State set(Mode mode) {
        State next = new State(mode, clock.instant());
        state = next;
        LOG.warnf("Fault flag: %s", mode);
        return next;
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.request().path();
            if (state.mode() == Mode.FAIL && path != null && !path.startsWith("/q/") && !path.startsWith("/ops/")) {
                rc.response().setStatusCode(503)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader("Retry-After", "1")
                        .end("{\"type\":\"" + Problem.TYPE_BASE + "injected-fault\",\"title\":\"Failing on purpose\",\"status\":503,"
                                + "\"detail\":\"This service's fault flag is on (a chaos drill); nothing was applied.\","
                                + "\"outcomeUnknown\":false}");
                return;
            }
            rc.next();
        }, 90);
    }
}
