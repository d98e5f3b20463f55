package dev.firebreak.common.client;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemException;

/**
 * A dependency answered, and said no: a business rejection (404, 409, 422). The dependency is
 * healthy, so this never counts against a circuit breaker ({@code skipOn}) and is never retried
 * ({@code abortOn}). Unhandled, it answers the caller with the dependency's own problem.
 */
public class RejectedByDependencyException extends ProblemException {

    public RejectedByDependencyException(Problem problem) {
        super(problem);
    }
}
