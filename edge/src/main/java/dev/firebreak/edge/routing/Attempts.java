package dev.firebreak.edge.routing;

import dev.firebreak.edge.config.EdgeConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's way through the regions, in the order {@code RegionHealth} gave: which region is
 * next, why each one tried so far failed, and whether any of them may have applied it (then no
 * later failure can claim that nothing was). Used on one request's event loop only.
 */
final class Attempts {

    /** One region's attempt that failed, and why. */
    private record Failure(String region, String why) {
    }

    private final RoutingContext ctx;
    private final EdgeConfig.Route route;
    private final String path;
    private final Buffer body;
    private final boolean retrySafe;
    private final List<String> regions;
    private final List<Failure> failures = new ArrayList<>();
    private int next;
    private boolean maybeApplied;

    Attempts(RoutingContext ctx, EdgeConfig.Route route, String path, Buffer body, boolean retrySafe, List<String> regions) {
        this.ctx = ctx;
        this.route = route;
        this.path = path;
        this.body = body;
        this.retrySafe = retrySafe;
        this.regions = List.copyOf(regions);
    }

    RoutingContext ctx() {
        return ctx;
    }

    EdgeConfig.Route route() {
        return route;
    }

    String path() {
        return path;
    }

    Buffer body() {
        return body;
    }

    /** Whether repeating the request elsewhere is known to be safe ({@link RetryPolicy}). */
    boolean retrySafe() {
        return retrySafe;
    }

    /** Whether a region is left to try. */
    boolean more() {
        return next < regions.size();
    }

    /** The next region to try; only when {@link #more()}. */
    String nextRegion() {
        return regions.get(next++);
    }

    /** An attempt failed: {@code region}, and why, go into the answer. */
    void failed(String region, String why) {
        failures.add(new Failure(region, why));
    }

    /** The region got the request and may have applied it. */
    void mayHaveBeenApplied() {
        maybeApplied = true;
    }

    /** Whether any attempt so far may have been applied. */
    boolean anyMaybeApplied() {
        return maybeApplied;
    }

    /** Every failure so far, in order: "region: why; region: why". */
    String why() {
        return String.join("; ", failures.stream().map(f -> f.region() + ": " + f.why()).toList());
    }

    /** The regions whose attempt failed, in order. */
    List<String> regionsTried() {
        return failures.stream().map(Failure::region).toList();
    }
}
