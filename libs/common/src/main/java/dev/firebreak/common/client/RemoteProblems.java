package dev.firebreak.common.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.firebreak.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;

/**
 * Turns a dependency's error answer into the exception the fault-tolerance policies expect. What
 * counts against a breaker is decided here, once for every client:
 * <ul>
 *   <li>an answer about this request: any 4xx (what the caller sent, or who the caller is), a 503
 *       marked {@link Problem#BUSY_HEADER} (a row this request needs was held too long), or a 500
 *       (the dependency failed on this request, and nothing says it fails on others): a
 *       {@link RejectedByDependencyException}, passed on to the caller, never counted, retried
 *       or sent to the peer region. A breaker that one user's input can open is a way to take the
 *       service away from everyone;</li>
 *   <li>an answer about the dependency: 502, 503, 504 (or anything else): a
 *       {@link DependencyFailedException}, which the breakers count.</li>
 * </ul>
 * Used by every {@code @ClientExceptionMapper}.
 */
public final class RemoteProblems {


    private RemoteProblems() {
    }

    /** The problem+json body a Firebreak service answers with; extra members are kept. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemoteProblem(String type, String title, Integer status, String detail) {
    }

    public static RuntimeException toException(String dependency, Response response) {
        int status = response.getStatus();
        boolean busy = status == 503 && response.getHeaderString(Problem.BUSY_HEADER) != null;
        if (status == 500) {
            return failedOnThisRequest(dependency, response);
        }
        if ((status < 400 || status > 499) && !busy) {
            return new DependencyFailedException(dependency + " answered " + status, status);
        }
        RemoteProblem remote = read(response);
        String slug = remote != null && remote.type() != null && remote.type().startsWith(Problem.TYPE_BASE)
                ? remote.type().substring(Problem.TYPE_BASE.length())
                : "rejected-by-" + dependency;
        Problem.Builder problem = Problem.of(status, slug, remote != null && remote.title() != null ? remote.title()
                        : dependency + " refused the request")
                .detail(remote != null && remote.detail() != null ? remote.detail() : dependency + " answered " + status + ".");
        Map<String, Object> extra = readExtensions(response);
        extra.forEach((k, v) -> {
            if (!Set.of("type", "title", "status", "detail", "instance").contains(k)) {
                problem.with(k, v);
            }
        });
        return new RejectedByDependencyException(problem.build(),
                busy ? Map.of(Problem.BUSY_HEADER, response.getHeaderString(Problem.BUSY_HEADER)) : Map.of());
    }

    /**
     * The dependency's 500: a bug met by this request (its {@code incident} is in the dependency's
     * log). Answered as our own 500, which the edge does not hold against the region either.
     */
    private static RejectedByDependencyException failedOnThisRequest(String dependency, Response response) {
        Object incident = readExtensions(bufferedOrNot(response)).get("incident");
        Problem.Builder problem = Problem.of(500, "dependency-error", "A dependency failed on this request")
                .detail(dependency + " failed unexpectedly on this request"
                        + (incident == null ? "" : " (its incident " + incident + ")")
                        + "; it serves other requests, so this one was not retried elsewhere. Report it if it persists.")
                .with("dependency", dependency);
        if (incident != null) {
            problem.with("dependencyIncident", String.valueOf(incident));
        }
        return new RejectedByDependencyException(problem.build());
    }

    private static Response bufferedOrNot(Response response) {
        try {
            response.bufferEntity();
        } catch (RuntimeException e) {
            // nothing to buffer: the extensions read as empty
        }
        return response;
    }

    private static RemoteProblem read(Response response) {
        try {
            response.bufferEntity();
            return response.readEntity(RemoteProblem.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readExtensions(Response response) {
        try {
            return response.readEntity(Map.class);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }
}
