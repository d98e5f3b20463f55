package dev.firebreak.common.db;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers 503 problem+json, with Retry-After, while the database cannot serve. */
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
}
