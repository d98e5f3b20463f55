package dev.firebreak.common.security;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemMappers;
import dev.firebreak.identity.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * At most {@code firebreak.per-caller.max-in-flight} requests of one signed-in user at once
 * (default 8); more get 429 {@code too-many-requests} at once, before any work. What requests hold
 * while they run (database connections, the bulkheads in front of a dependency, worker threads,
 * the edge's room in a region) is shared by every user: without a bound per user, one user's burst
 * fills it and everyone else's requests wait or fail, and a dependency's bulkhead that one user
 * fills looks like an outage to the breakers and the edge. Service identities (role
 * {@code service}) are not bounded here: they are the installation's own callers, each with bulkheads
 * of its own. A request that carries no valid token is bounded by nothing here; it gets its 401 from
 * the endpoint's security check.
 */
@ApplicationScoped
public class CallerConcurrencyLimit {

    private final int maxInFlight;
    private final CurrentIdentityAssociation identities;
    private final CurrentVertxRequest request;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public CallerConcurrencyLimit(@ConfigProperty(name = "firebreak.per-caller.max-in-flight", defaultValue = "8") int maxInFlight,
            CurrentIdentityAssociation identities, CurrentVertxRequest request) {
        this.maxInFlight = maxInFlight;
        this.identities = identities;
        this.request = request;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Uni<Response> admit() {
        if (maxInFlight <= 0) {
            return Uni.createFrom().nullItem();
        }
        var context = request.getCurrent();
        return identities.getDeferredIdentity().onFailure().recoverWithNull().map(identity -> {
            if (identity == null || identity.isAnonymous() || identity.hasRole(Roles.SERVICE)) {
                return null;
            }
            String caller = identity.getPrincipal().getName();
            if (!tryAcquire(caller)) {
                return tooMany();
            }
            // Released when the answer is sent or the connection closes, whichever way the request ends.
            context.addEndHandler(done -> release(caller));
            return null;
        });
    }

    /** Requests of {@code caller} in flight now (for tests and metrics). */
    public int inFlight(String caller) {
        AtomicInteger n = inFlight.get(caller);
        return n == null ? 0 : n.get();
    }

    private boolean tryAcquire(String caller) {
        boolean[] admitted = {false};
        inFlight.compute(caller, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < maxInFlight) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        return admitted[0];
    }

    private void release(String caller) {
        inFlight.computeIfPresent(caller, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private Response tooMany() {
        Response answer = ProblemMappers.respond(Problem.of(429, "too-many-requests", "Too many requests at once")
                .detail("You have " + maxInFlight + " requests in flight already; send the next when one has been answered.")
                .with("maxInFlight", maxInFlight)
                .build(), null);
        answer.getHeaders().putSingle("Retry-After", "1");
        return answer;
    }
}
