package dev.firebreak.common.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.firebreak.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;

/**
 * Turns a dependency's error answer into the exception the fault-tolerance policies expect:
 * {@link RejectedByDependencyException} for business rejections, {@link DependencyFailedException}
 * for everything else. Used by every {@code @ClientExceptionMapper}.
 */
public final class RemoteProblems {

    /** Statuses that mean "the dependency works and refused this request". */
    private static final Set<Integer> REJECTIONS = Set.of(404, 409, 422);

    private RemoteProblems() {
    }

    /** The problem+json body a Firebreak service answers with; extra members are kept. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RemoteProblem(String type, String title, Integer status, String detail) {
    }

    public static RuntimeException toException(String dependency, Response response) {
        int status = response.getStatus();
        if (!REJECTIONS.contains(status)) {
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
        return new RejectedByDependencyException(problem.build());
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
