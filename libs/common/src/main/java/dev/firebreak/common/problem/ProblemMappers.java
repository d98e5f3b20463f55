package dev.firebreak.common.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.firebreak.common.text.UnsafeTextException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure a request can meet into an RFC 9457 problem: never a stack trace, never a
 * framework's default error page. Problem types are listed in {@code docs/errors.md}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Seconds a client should wait before retrying when a dependency is unavailable. */
    static final int RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response answer = respond(e.problem(), uri);
        e.headers().forEach(answer.getHeaders()::putSingle);
        return answer;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> field(v.getPropertyPath())))
                .map(v -> Map.of("field", field(v.getPropertyPath()), "message", v.getMessage()))
                .distinct()
                .collect(Collectors.toList());
        String detail = violations.stream()
                .map(v -> v.get("field") + ": " + v.get("message"))
                .collect(Collectors.joining("; "));
        return respond(Problem.of(400, "validation-failed", "Request is not valid")
                .detail(detail.isEmpty() ? "The request failed validation." : detail)
                .with("violations", violations)
                .build(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    // Quarkus has built-in mappers for these Jackson subtypes; naming them here makes ours win.
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response unparsableJson(JsonParseException e, UriInfo uri) {
        return respond(jsonProblem(e), uri);
    }

    @ServerExceptionMapper
    public Response downstream(ClientWebApplicationException e, UriInfo uri) {
        // A dependency's answer that no client handled: never pass its status through as ours.
        LOG.warnf("Unhandled answer %d from a dependency: %s", e.getResponse().getStatus(), e.getMessage());
        return respond(Problem.of(502, "bad-gateway", "A dependency answered unexpectedly")
                .detail("A service this request depends on gave an unexpected answer; try again later.")
                .build(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), uri);
        }
        int status = e.getResponse().getStatus();
        Problem problem = switch (status) {
            case 404 -> Problem.of(404, "not-found", "Not found")
                    .detail("Nothing exists at " + uri.getPath() + ".").build();
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed")
                    .detail("This resource does not accept that HTTP method.").build();
            case 406 -> Problem.of(406, "not-acceptable", "Not acceptable")
                    .detail("This resource answers with application/json only.").build();
            case 413 -> Problem.of(413, "payload-too-large", "Request body too large")
                    .detail("The request body exceeds the size this service accepts.").build();
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type")
                    .detail("Send the request body as application/json.").build();
            default -> status >= 500
                    ? internal(e, uri)
                    : Problem.of(status, "bad-request", "Bad request").detail("The request could not be understood.").build();
        };
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response dependencyUnavailable(FaultToleranceException e, UriInfo uri) {
        String why = e instanceof CircuitBreakerOpenException ? "its circuit breaker is open"
                : e instanceof BulkheadException ? "too many calls to it are in flight"
                : "it did not answer in time";
        LOG.warnf("Dependency unavailable for %s: %s", uri.getPath(), why);
        return respond(Problem.of(503, "dependency-unavailable", "A dependency is unavailable")
                .detail("A service this request needs is unavailable (" + why + "); retry in a few seconds.")
                .build(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof WebApplicationException web) {
            return web(web, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(jsonProblem(json), uri);
        }
        if (clientGone(e)) {
            // Not this service's failure, and nobody is left to answer: no error log, no incident, no 5xx in the metrics.
            LOG.debugf("The client closed the connection while %s was being served: %s", uri.getPath(), e.getMessage());
            return respond(Problem.of(CLIENT_CLOSED_REQUEST, "client-closed-request", "Client closed the request")
                    .detail("The connection was closed before the request was served.").build(), uri);
        }
        return respond(internal(e, uri), uri);
    }

    /** nginx's status for a request whose client went away before the answer (the edge giving up on a slow region, say). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    /**
     * Whether the failure is the client hanging up, not the service failing: the HTTP connection
     * closed under the request (Vert.x says so with an HttpClosedException, or with a
     * ClosedChannelException when it closed while the body was being read).
     */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException || t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    private static Problem internal(Throwable e, UriInfo uri) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure serving %s (incident %s)", uri.getPath(), incident);
        return Problem.of(500, "internal-error", "Internal error")
                .detail("The service failed unexpectedly; quote incident " + incident + " when reporting it.")
                .with("incident", incident)
                .build();
    }

    static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            var loc = e.getLocation();
            return Problem.of(400, "malformed-json", "Malformed JSON")
                    .detail("The request body is not valid JSON"
                            + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")") + ".")
                    .build();
        }
        String field = jsonPath(mapping.getPath());
        if (mapping instanceof UnsafeTextException unsafe) {
            return Problem.of(400, "invalid-text", "Text contains a character that is not allowed")
                    .detail("Field '" + (field.isEmpty() ? "body" : field) + "' contains " + unsafe.violation().describe()
                            + "; text may hold no control characters other than tab and line breaks.")
                    .with("field", field.isEmpty() ? "body" : field)
                    .with("codePoint", String.format("U+%04X", (int) unsafe.violation().character()))
                    .build();
        }
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return Problem.of(400, "unknown-field", "Unknown field")
                    .detail("Field '" + (field.isEmpty() ? unknown.getPropertyName() : field) + "' is not part of this request.")
                    .with("field", field)
                    .build();
        }
        if (field.isEmpty()) {
            return Problem.of(400, "malformed-json", "Malformed JSON")
                    .detail("The request body does not have the expected shape (a JSON object).")
                    .build();
        }
        return Problem.of(400, "invalid-field", "Field has the wrong type")
                .detail("Field '" + field + "' has the wrong type or format.")
                .with("field", field)
                .build();
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The name a client knows a violated value by: the JSON field or query parameter, not the Java method. */
    static String field(Path path) {
        List<String> names = new ArrayList<>();
        Iterator<Path.Node> it = path.iterator();
        while (it.hasNext()) {
            Path.Node node = it.next();
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER && it.hasNext()) {
                continue; // the body parameter: its properties follow
            }
            String name = node.getName();
            if (name != null) {
                names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    /** The HTTP answer for a problem; public so other mappers answer the same way. */
    public static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.withInstance(URI.create(uri.getRequestUri().getRawPath()));
        Response.ResponseBuilder rb = Response.status(problem.getStatus()).type(Problem.MEDIA_TYPE).entity(withInstance);
        if (problem.getStatus() == 503) {
            // Every 503 is temporary here: tell clients when to come back instead of hammering.
            rb.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (problem.getStatus() == 401) {
            // RFC 9110: a 401 names the scheme that would work.
            rb.header("WWW-Authenticate", "Bearer");
        }
        return rb.build();
    }
}
