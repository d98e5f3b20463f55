package dev.firebreak.paths;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The normal form of a request path, shared by everything that routes on a path: the simulated
 * clusters' ingress, the edge, and every service. A router that matches one spelling while the
 * service behind it resolves another is walked past: {@code /wallets/%2e%2e/q/metrics} matches an
 * ingress rule for {@code /wallets} and is served by the service as {@code /q/metrics}. So a path
 * is brought to one form before anything routes on it, the way ingress-nginx (nginx's URI
 * normalisation) and Envoy ({@code normalize_path}, {@code merge_slashes}) do:
 * <ul>
 *   <li>percent-encoded unreserved characters (RFC 3986 §2.3: letters, digits, {@code -._~}) are
 *       decoded, and other encodings get upper-case hex (§6.2.2.1, §6.2.2.2);</li>
 *   <li>{@code .} and {@code ..} segments are resolved (§5.2.4), and repeated slashes merged;</li>
 *   <li>what no normalisation makes safe is refused: a backslash, raw or encoded (some servers
 *       read it as a separator); an encoded slash (it would split a segment after routing); an
 *       encoded {@code %} (a double encoding, decoded again somewhere behind); control characters;
 *       malformed escapes; a {@code ..} that climbs above the root.</li>
 * </ul>
 * A router normalises and routes (and forwards) the normal form; a service refuses a path that
 * is not already normal, because nothing in front of it should have let one through.
 */
public final class RequestPaths {

    /** The outcome: the normal path, or why the path is refused. */
    public sealed interface Result permits Normal, Refused {
    }

    /** The path in normal form; {@code changed} when the request did not send it that way. */
    public record Normal(String path, boolean changed) implements Result {
    }

    /** A path no normal form makes safe; {@code reason} is for the client. */
    public record Refused(String reason) implements Result {
    }

    private RequestPaths() {
    }

    /** Normalises the raw (still percent-encoded) path of a request, without its query. */
    public static Result normalise(String raw) {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            return new Refused("the path must start with '/'");
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                return new Refused("a backslash is not allowed in a path");
            }
            if (c < 0x20 || c == 0x7f) {
                return new Refused("a control character is not allowed in a path");
            }
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                return new Refused("'%' must start a percent-encoding of two hex digits");
            }
            int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
            i += 2;
            if (value == '/' || value == '\\') {
                return new Refused("an encoded '/' or '\\' is not allowed in a path");
            }
            if (value == '%') {
                return new Refused("an encoded '%' (a double encoding) is not allowed in a path");
            }
            if (value < 0x20 || value == 0x7f) {
                return new Refused("an encoded control character is not allowed in a path");
            }
            if (unreserved(value)) {
                decoded.append((char) value);
            } else {
                decoded.append('%').append(String.format(Locale.ROOT, "%02X", value));
            }
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = decoded.substring(1).split("/", -1);
        String lastPart = parts[parts.length - 1];
        boolean trailingSlash = lastPart.isEmpty() || lastPart.equals(".") || lastPart.equals("..");
        for (String segment : parts) {
            switch (segment) {
                case "", "." -> {
                    // an empty segment (repeated slashes are merged) or "this directory"
                }
                case ".." -> {
                    if (segments.isEmpty()) {
                        return new Refused("'..' climbs above the root of the path");
                    }
                    segments.removeLast();
                }
                default -> segments.addLast(segment);
            }
        }
        String normal = "/" + String.join("/", segments) + (trailingSlash && !segments.isEmpty() ? "/" : "");
        return new Normal(normal, !normal.equals(raw));
    }

    /** Whether {@code path} (decoded or not) lies under one of {@code prefixes} ({@code /q} covers {@code /q} and {@code /q/...}). */
    public static boolean under(String path, String... prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
