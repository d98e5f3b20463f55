package dev.firebreak.edge.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Set;

/**
 * Whether a request may be sent to the other region after it failed in flight, when the first
 * region may or may not have applied it. Safe: methods idempotent by definition (GET, HEAD,
 * OPTIONS, PUT, DELETE: RFC 9110 §9.2.2), and a POST that names itself, with an
 * {@code Idempotency-Key} header or a {@code clientMessageId} in its JSON body: every Firebreak
 * service applies such a request once however often it arrives (docs/data-safety.md).
 */
public final class RetryPolicy {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT,
            HttpMethod.DELETE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryPolicy() {
    }

    /** GET, HEAD, OPTIONS, PUT, DELETE: repeating them is safe by definition. */
    public static boolean idempotentMethod(HttpMethod method) {
        return IDEMPOTENT.contains(method);
    }

    public static boolean retrySafe(HttpMethod method, MultiMap headers, Buffer body) {
        if (idempotentMethod(method)) {
            return true;
        }
        String key = headers.get("Idempotency-Key");
        if (key != null && !key.isBlank()) {
            return true;
        }
        return body != null && body.length() > 0 && hasClientMessageId(body);
    }

    private static boolean hasClientMessageId(Buffer body) {
        String text = body.toString();
        if (!text.contains("clientMessageId")) {
            return false;
        }
        try {
            JsonNode id = JSON.readTree(text).get("clientMessageId");
            return id != null && id.isTextual() && !id.asText().isBlank();
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }
}
