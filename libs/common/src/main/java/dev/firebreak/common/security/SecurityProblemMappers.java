package dev.firebreak.common.security;

import dev.firebreak.common.problem.Problem;
import dev.firebreak.common.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 and 403 as problem+json. A 401 never says why a token was refused (expired, forged, wrong
 * audience): that would help a forger; the service log says it.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(401, "unauthenticated", "Sign-in required")
                .detail("Send a valid access token: Authorization: Bearer <token> (sign in at POST /sessions of messaging-svc).")
                .build(), uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemMappers.respond(Problem.of(403, "forbidden", "Not allowed")
                .detail("Your identity is not allowed to do this.")
                .build(), uri);
    }
}
