package dev.firebreak.common.problem;

import dev.firebreak.paths.RequestPaths;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Checks what every request must be before any route sees it, whatever the route (the JAX-RS
 * resources, {@code /q/*}, {@code /ops/*}):
 * <ul>
 *   <li><b>its path is in normal form</b> ({@link RequestPaths}): a service refuses one that is not
 *       (400 {@code invalid-path}), because a router in front (the ingress, the edge) that matched
 *       another spelling of it has been walked past. A router itself ({@code firebreak.http.paths=normalise},
 *       the edge) re-routes the normal form instead, as ingress-nginx does;</li>
 *   <li><b>a body is JSON in UTF-8</b>: a POST, PUT or PATCH with a body must say
 *       {@code Content-Type: application/json}, with no charset or {@code charset=utf-8}; none,
 *       {@code *}{@code /*}, another type or another charset is a 415 {@code unsupported-media-type},
 *       never a guess. Off where bodies are only passed on ({@code firebreak.http.require-json-bodies=false}, the edge).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestGuardFilter {

    /** Runs before {@link BodyLimitFilter} (1000): nothing is read of a request refused here. */
    static final int PRIORITY = 2000;

    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final boolean normalise;
    private final boolean requireJson;

    public RequestGuardFilter(@ConfigProperty(name = "firebreak.http.paths", defaultValue = "refuse") String paths,
            @ConfigProperty(name = "firebreak.http.require-json-bodies", defaultValue = "true") boolean requireJson) {
        if (!List.of("refuse", "normalise").contains(paths)) {
            throw new IllegalArgumentException("firebreak.http.paths must be refuse or normalise, not " + paths);
        }
        this.normalise = paths.equals("normalise");
        this.requireJson = requireJson;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, PRIORITY);
    }

    private void guard(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        RequestPaths.Result path = RequestPaths.normalise(req.path());
        if (path instanceof RequestPaths.Refused refused) {
            refuse(rc, 400, "invalid-path", "Invalid path", "The request path is refused: " + refused.reason() + ".");
            return;
        }
        RequestPaths.Normal normal = (RequestPaths.Normal) path;
        if (normal.changed()) {
            if (normalise) {
                rc.reroute(req.method(), normal.path() + (req.query() == null ? "" : "?" + req.query()));
            } else {
                refuse(rc, 400, "invalid-path", "Invalid path", "The request path is not in normal form (it would be "
                        + normal.path() + "): no dot segments, repeated slashes or encoded letters and digits.");
            }
            return;
        }
        if (requireJson && WITH_BODY.contains(req.method()) && hasBody(req)) {
            String why = notJson(req.headers().getAll(HttpHeaders.CONTENT_TYPE));
            if (why != null) {
                refuse(rc, 415, "unsupported-media-type", "Unsupported media type",
                        "Send the request body as Content-Type: application/json (UTF-8); " + why + ".");
                return;
            }
        }
        rc.next();
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return req.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /** Why these Content-Type headers do not declare JSON in UTF-8, or null when they do. */
    static String notJson(List<String> contentTypes) {
        if (contentTypes.isEmpty()) {
            return "the request had no Content-Type";
        }
        if (contentTypes.size() > 1) {
            return "the request had " + contentTypes.size() + " Content-Type headers";
        }
        String[] parts = contentTypes.get(0).split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return "it was " + (type.isEmpty() ? "empty" : "'" + type + "'");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "charset '" + charset + "' is not UTF-8";
                }
            }
        }
        return null;
    }

    private static void refuse(RoutingContext rc, int status, String slug, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problem.TYPE_BASE + slug);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.encode(problem));
    }
}
