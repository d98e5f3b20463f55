package dev.firebreak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A bounded fuzzer of hostile requests, generated from a service's own OpenAPI document: every
 * operation it declares gets mangled paths, queries, headers, tokens and bodies. Each answer must
 * be below 500, and every error an RFC 9457 problem; what breaks that is collected, not thrown,
 * so a run reports every kind of failure at once. Deterministic for a seed.
 */
public final class HostileRequests {

    /** One operation of the OpenAPI document. */
    public record Operation(String method, String path, List<String> pathParams, List<String> queryParams, JsonNode bodySchema) {
        public String name() {
            return method + " " + path;
        }
    }

    /** What a run did and found. */
    public record Report(int sent, Map<Integer, Integer> byStatus, Map<String, Integer> byOperation, List<String> failures,
            long seed, Duration took) {
        public String summary(String service) {
            return String.format("fuzz %s: %d hostile requests over %d operations in %d ms (seed %d); by status %s; %d failures",
                    service, sent, byOperation.size(), took.toMillis(), seed, byStatus, failures.size());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] HOSTILE_STRINGS = {
        "", " ", "' OR '1'='1", "'; DROP TABLE account;--", "../../../../etc/passwd", "..%2F..%2Fetc", "%00", "\u0000", "\u0007\b\f",
        "\r\nX-Injected: 1", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}", "測試中文", "🔥💸🚕", "\u202Eevil\u202C",
        "a".repeat(300), "null", "true", "-1", "0", "1e309", "NaN", "\\", "\"", "/", "?", "#", "%", "+", "&amp;"};
    private static final Object[] HOSTILE_NUMBERS = {
        -1, 0, 1, -9223372036854775808L, 9223372036854775807L, new java.math.BigInteger("9223372036854775808"),
        new java.math.BigInteger("-99999999999999999999999"), 1.5, -0.01, 1e308, 4.9e-324, 100000001, 2147483648L};

    private final URI base;
    private final List<Operation> operations;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HostileRequests(URI base, List<Operation> operations) {
        this.base = base;
        this.operations = operations;
    }

    /** Reads the operations from {@code <base>/q/openapi}. */
    public static HostileRequests fromOpenApi(URI base) throws Exception {
        HttpResponse<String> doc = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.resolve("/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode root = JSON.readTree(doc.body());
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.path("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                var m = methods.next();
                if (!List.of("get", "put", "post", "delete", "patch").contains(m.getKey())) {
                    continue;
                }
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode p : m.getValue().path("parameters")) {
                    ("path".equals(p.path("in").asText()) ? pathParams : "query".equals(p.path("in").asText()) ? queryParams : new ArrayList<String>())
                            .add(p.path("name").asText());
                }
                JsonNode schema = resolve(root, m.getValue().path("requestBody").path("content").path("application/json").path("schema"));
                ops.add(new Operation(m.getKey().toUpperCase(), path.getKey(), pathParams, queryParams, schema.isMissingNode() ? null : schema));
            }
        }
        if (ops.isEmpty()) {
            throw new IllegalStateException("No operations in " + base + "/q/openapi");
        }
        return new HostileRequests(base, ops);
    }

    public List<Operation> operations() {
        return operations;
    }

    /**
     * Sends {@code count} requests (stopping early at {@code maxTime}). {@code validAuth} supplies a
     * genuine {@code Authorization} value (a real user, so some requests get through and change
     * state); {@code ids} are path values worth hitting (the ids that user owns).
     */
    public Report run(long seed, int count, Duration maxTime, Supplier<String> validAuth, Supplier<String> ids) {
        Random random = new Random(seed);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byOperation = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Instant start = Instant.now();
        int sent = 0;
        while (sent < count && Duration.between(start, Instant.now()).compareTo(maxTime) < 0) {
            Operation op = operations.get(random.nextInt(operations.size()));
            HttpRequest request;
            try {
                request = build(op, random, validAuth, ids);
            } catch (IllegalArgumentException unsendable) {
                continue; // e.g. a header value the HTTP client itself refuses: not a request at all
            }
            sent++;
            byOperation.merge(op.name(), 1, Integer::sum);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                byStatus.merge(response.statusCode(), 1, Integer::sum);
                String problem = check(response);
                if (problem != null && failures.size() < 50) {
                    failures.add(op.name() + " -> " + request.uri() + ": " + problem);
                }
            } catch (Exception e) {
                if (failures.size() < 50) {
                    failures.add(op.name() + " -> " + request.uri() + ": no answer (" + e + ")");
                }
            }
        }
        return new Report(sent, byStatus, byOperation, failures, seed, Duration.between(start, Instant.now()));
    }

    /**
     * {@link #run} for a test: prints the summary, and fails on any bad answer, on a run cut short
     * by {@code maxTime}, or when an operation of the document was never exercised.
     */
    public Report runAndCheck(String service, long seed, int count, Duration maxTime, Supplier<String> validAuth,
            Supplier<String> ids) {
        Report report = run(seed, count, maxTime, validAuth, ids);
        System.out.println(report.summary(service));
        if (!report.failures().isEmpty()) {
            throw new AssertionError(report.summary(service) + ":\n  " + String.join("\n  ", report.failures()));
        }
        if (report.sent() != count) {
            throw new AssertionError("Only " + report.sent() + " of " + count + " requests were sent within " + maxTime);
        }
        List<String> missed = operations.stream().map(Operation::name).filter(n -> !report.byOperation().containsKey(n)).toList();
        if (!missed.isEmpty()) {
            throw new AssertionError("Operations never exercised: " + missed);
        }
        return report;
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String check(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "answered " + status + ": " + abbreviate(response.body());
        }
        if (status < 400) {
            return null;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "error " + status + " is not problem+json (" + type + "): " + abbreviate(response.body());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (!body.path("type").isTextual() || body.path("status").asInt() != status) {
                return "problem without type or with a wrong status: " + abbreviate(response.body());
            }
            String detail = body.path("detail").asText();
            if (detail.contains("Exception") || detail.contains("\tat ")) {
                return "problem leaks internals: " + abbreviate(detail);
            }
        } catch (Exception e) {
            return "problem body is not JSON: " + abbreviate(response.body());
        }
        if (status == 401 && response.headers().firstValue("WWW-Authenticate").isEmpty()) {
            return "401 without WWW-Authenticate";
        }
        return null;
    }

    private HttpRequest build(Operation op, Random r, Supplier<String> validAuth, Supplier<String> ids) {
        String path = op.path();
        for (String param : op.pathParams()) {
            String value = switch (r.nextInt(4)) {
                case 0, 1 -> ids.get();
                case 2 -> UUID.randomUUID().toString();
                default -> pick(r, HOSTILE_STRINGS);
            };
            path = path.replace("{" + param + "}", encode(value));
        }
        // A template variable the document forgot to declare still gets a value.
        while (path.contains("{") && path.contains("}")) {
            path = path.substring(0, path.indexOf('{')) + encode(ids.get()) + path.substring(path.indexOf('}') + 1);
        }
        StringBuilder query = new StringBuilder();
        for (String param : op.queryParams()) {
            if (r.nextInt(3) == 0) {
                continue;
            }
            Object value = r.nextBoolean() ? pick(r, HOSTILE_NUMBERS) : pick(r, HOSTILE_STRINGS);
            query.append(query.isEmpty() ? "?" : "&").append(param).append('=').append(encode(String.valueOf(value)));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path + query)).timeout(Duration.ofSeconds(20));
        auth(b, r, validAuth);
        int idem = r.nextInt(10);
        if (idem < 6) {
            b.header("Idempotency-Key", UUID.randomUUID().toString());
        } else if (idem == 6) {
            b.header("Idempotency-Key", "k".repeat(200));
        } else if (idem == 7) {
            b.header("Idempotency-Key", "a").header("Idempotency-Key", "b");
        } else if (idem == 8) {
            b.header("Idempotency-Key", "é ü 测试");
        }
        String body = op.bodySchema() == null && r.nextInt(4) != 0 ? null : body(op.bodySchema(), r);
        int ct = r.nextInt(12);
        String contentType = ct < 9 ? "application/json" : ct == 9 ? "text/plain" : ct == 10 ? "application/xml" : null;
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.header("Accept", r.nextInt(15) == 0 ? "text/html" : "application/json, application/problem+json");
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return b.method(op.method(), publisher).build();
    }

    private static void auth(HttpRequest.Builder b, Random r, Supplier<String> validAuth) {
        int kind = r.nextInt(20);
        String value = switch (kind) {
            case 0 -> null;
            case 1 -> TestTokens.expired("fuzzer");
            case 2 -> TestTokens.wronglySigned("fuzzer");
            case 3 -> TestTokens.unsigned("fuzzer");
            case 4 -> TestTokens.wrongAudience("fuzzer");
            case 5 -> "Bearer " + pick(r, new String[] {"", "x.y.z", "eyJhbGciOiJub25lIn0..", "a".repeat(5000)});
            case 6 -> "Basic dXNlcjpwYXNz";
            case 7 -> TestTokens.admin();
            default -> validAuth.get();
        };
        if (value != null) {
            b.header("Authorization", value);
        }
        if (kind == 19) {
            b.header("Authorization", TestTokens.user("someone-else")); // a second, different Authorization header
        }
    }

    private static String body(JsonNode schema, Random r) {
        ObjectNode valid = schema == null ? JSON.createObjectNode() : example(schema, r, 0);
        String text = valid.toString();
        switch (r.nextInt(16)) {
            case 0:
                return text; // well-formed: may well succeed
            case 1:
                return text.substring(0, r.nextInt(Math.max(1, text.length()))); // truncated
            case 2:
                return "not json at all " + pick(r, HOSTILE_STRINGS);
            case 3:
                return "";
            case 4:
                return "[".repeat(3000) + "]".repeat(3000); // deep nesting
            case 5:
                return "{\"a\":\"" + "x".repeat(70_000) + "\"}"; // over the size limit
            case 6:
                return text.replaceFirst("\\{", "{\"amount\":1,\"amount\":2,"); // duplicated key
            case 7:
                return "[" + text + "]";
            case 8:
                return "null";
            default:
                break;
        }
        Iterator<String> names = valid.fieldNames();
        List<String> fields = new ArrayList<>();
        names.forEachRemaining(fields::add);
        if (fields.isEmpty()) {
            valid.put("unexpected", pick(r, HOSTILE_STRINGS));
            return valid.toString();
        }
        String field = fields.get(r.nextInt(fields.size()));
        switch (r.nextInt(6)) {
            case 0 -> valid.remove(field);
            case 1 -> valid.put(field, pick(r, HOSTILE_STRINGS));
            case 2 -> valid.putPOJO(field, pick(r, HOSTILE_NUMBERS));
            case 3 -> valid.putNull(field);
            case 4 -> valid.put(field, "x".repeat(r.nextInt(20_000)));
            default -> valid.putArray(field).add(1).add("two");
        }
        return valid.toString();
    }

    /** A plausible value for a schema: objects with every property, numbers small and positive. */
    private static ObjectNode example(JsonNode schema, Random r, int depth) {
        ObjectNode node = JSON.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            var p = it.next();
            JsonNode prop = p.getValue();
            String type = prop.path("type").asText(prop.has("properties") ? "object" : "string");
            switch (type) {
                case "integer" -> node.put(p.getKey(), 1 + r.nextInt(5_000));
                case "number" -> node.put(p.getKey(), r.nextDouble() * 10);
                case "boolean" -> node.put(p.getKey(), r.nextBoolean());
                case "array" -> node.putArray(p.getKey());
                case "object" -> node.set(p.getKey(), depth < 3 ? example(prop, r, depth + 1) : JSON.createObjectNode());
                default -> node.put(p.getKey(), "fz-" + Integer.toHexString(r.nextInt()));
            }
        }
        return node;
    }

    /** Inlines {@code $ref}s (one level is enough for request bodies here). */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText().replace("#/", "");
            JsonNode target = root;
            for (String part : ref.split("/")) {
                target = target.path(part);
            }
            schema = target;
        }
        if (schema.has("properties")) {
            ObjectNode copy = schema.deepCopy();
            ObjectNode props = (ObjectNode) copy.get("properties");
            List<String> names = new ArrayList<>();
            props.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                props.set(name, resolve(root, props.get(name)));
            }
            return copy;
        }
        return schema;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T pick(Random r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
