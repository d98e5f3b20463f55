package dev.firebreak.common.db;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers 503 problem+json, with Retry-After, while the database cannot serve or a row stays locked. */
public class DatabaseProblemMappers {

    private static final Logger LOG = Logger.getLogger(DatabaseProblemMappers.class);

    @ServerExceptionMapper
    public Response unavailable(DatabaseUnavailableException e, UriInfo uri) {
        LOG.warnf("Database unavailable serving %s (outcome %s): %s", uri.getPath(),
                e.outcomeUnknown() ? "unknown" : "nothing written", e.getMessage());
        String detail = e.outcomeUnknown()
                ? "The database failed while committing: the request may or may not have been applied. "
                        + "Retry it with the same Idempotency-Key or client id; it will not be applied twice."
                : "The database is unavailable (possibly failing over); nothing was changed. Retry in a few seconds.";
        return ProblemMappers.respond(Problem.of(503, "database-unavailable", "Database unavailable")
                .detail(detail)
                .with("outcomeUnknown", e.outcomeUnknown())
                .build(), uri);
    }

    @ServerExceptionMapper
    public Response busy(DatabaseBusyException e, UriInfo uri) {
        LOG.debugf("Database busy serving %s (nothing written): %s", uri.getPath(), e.getMessage());
        Response answer = ProblemMappers.respond(Problem.of(503, "database-busy", "Database busy")
                .detail("Another request holds what this one must change (a hot room, wallet or account) and it did not "
                        + "come free within a second; nothing was changed. Retry with the same Idempotency-Key or client id.")
                .with("outcomeUnknown", false)
                .build(), uri);
        answer.getHeaders().putSingle(Problem.BUSY_HEADER, "database");
        return answer;
    }
}
