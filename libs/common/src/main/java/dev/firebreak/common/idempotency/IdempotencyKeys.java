package dev.firebreak.common.idempotency;

import dev.firebreak.common.problem.Problem;
import java.util.regex.Pattern;

/**
 * Validates the {@code Idempotency-Key} header that every money-moving or state-creating POST
 * carries. A commit whose answer was lost may or may not have happened; the key lets a client
 * retry and get the original result instead of a second effect.
 */
public final class IdempotencyKeys {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** Response header set when an answer is a replay of an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private IdempotencyKeys() {
    }

    /** The key, or a 400 problem naming what is wrong with it. */
    public static String require(String key) {
        if (key == null || key.isBlank()) {
            throw Problem.of(400, "idempotency-key-required", "Idempotency-Key header required")
                    .detail("Send an " + HEADER + " header (for example a UUID) so a retry of this request cannot apply it twice.")
                    .exception();
        }
        if (!VALID.matcher(key).matches()) {
            throw Problem.of(400, "invalid-idempotency-key", "Invalid Idempotency-Key")
                    .detail(HEADER + " must be 1 to 128 visible ASCII characters.")
                    .exception();
        }
        return key;
    }
}
