package dev.firebreak.common.client;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;
import java.util.Map;

/**
 * A dependency answered, and its answer is about this request, not about the dependency's health:
 * a refusal (any 4xx: the request's own content or caller), a row this request needs held too long
 * ({@code database-busy}), or a failure this request alone met (a 500). One user's bad input must
 * never open a breaker that every user shares, so this never counts against a circuit breaker
 * ({@code skipOn}), is never retried ({@code abortOn}) and never sent to the peer region (the
 * fallbacks' {@code skipOn}: the peer would answer the same). Unhandled, it answers the caller with
 * the dependency's own problem ({@link #headers()} included).
 */
public class RejectedByDependencyException extends ProblemException {

    public RejectedByDependencyException(Problem problem) {
        this(problem, Map.of());
    }

    public RejectedByDependencyException(Problem problem, Map<String, String> headers) {
        super(problem, headers);
    }

    /** Whether the dependency refused this request on its merits (404, 409, 422): a business answer, final. */
    public boolean businessRefusal() {
        int status = problem().getStatus();
        return status == 404 || status == 409 || status == 422;
    }
}
