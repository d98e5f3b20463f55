package dev.firebreak.common.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses a body larger than {@code quarkus.http.limits.max-body-size} with a problem+json 413: one
 * that declares its length, before it is read; one sent chunked (no Content-Length), as soon as
 * it has passed the limit, after which the rest is not read. (The HTTP layer would refuse both
 * too, but with an empty answer; a client deserves to know what the limit is.) A chunked body
 * within the limit is read here, bounded, and handed on whole; an application whose routes read
 * bodies themselves (the edge buffers and forwards them) turns that off with
 * {@code firebreak.http.read-chunked-bodies=false}.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private static final Logger LOG = Logger.getLogger(BodyLimitFilter.class);

    private final long maxBytes;
    private final boolean readChunked;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "firebreak.http.read-chunked-bodies", defaultValue = "true") boolean readChunked) {
        this.maxBytes = maxBodySize.asLongValue();
        this.readChunked = readChunked;
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
                refuse(rc, length + " bytes");
            } else if (readChunked && length < 0 && rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
                readChunked(rc);
            } else {
                rc.next();
            }
        }, 1000);
    }

    private void readChunked(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        // Once refused, the answer has ended: the rest of the body is dropped unread.
        request.handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refuse(rc, "more than " + maxBytes + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        // A client that hangs up halfway has gone: nothing to answer, and nothing was served.
        request.exceptionHandler(e -> LOG.debugf("client gone while sending a chunked body to %s: %s", request.path(), e));
        request.endHandler(v -> {
            if (!rc.response().ended()) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    private void refuse(RoutingContext rc, String size) {
        if (rc.response().ended()) {
            return;
        }
        String body = "{\"type\":\"" + Problem.TYPE_BASE + "payload-too-large\",\"title\":\"Request body too large\","
                + "\"status\":413,\"detail\":\"The request body is " + size + "; this service accepts at most "
                + maxBytes + ".\",\"maxBytes\":" + maxBytes + "}";
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
