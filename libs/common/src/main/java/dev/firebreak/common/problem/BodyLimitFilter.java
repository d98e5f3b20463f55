package dev.firebreak.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body declared larger than {@code quarkus.http.limits.max-body-size} with a
 * problem+json 413 before it is read. (The HTTP layer would refuse it too, but with an empty
 * answer; a client deserves to know what the limit is.)
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBytes;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1; // the HTTP layer answers a malformed Content-Length itself
            }
            if (length > maxBytes) {
                String body = "{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large\",\"title\":\"Request body too large\","
                        + "\"status\":413,\"detail\":\"The request body is " + length + " bytes; this service accepts at most "
                        + maxBytes + ".\",\"maxBytes\":" + maxBytes + "}";
                rc.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
                return;
            }
            rc.next();
        }, 1000);
    }
}
