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
 *
 * <p>Over 300 lines on purpose: the generator and its sweeps (unsafe text, content types, paths)
 * share one model of an OpenAPI operation and one verdict on an answer; split, each piece would
 * have to re-derive both.
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

    /** Reads the operations from {@code <base>/q/openapi} and sends the requests to {@code base}. */
    public static HostileRequests fromOpenApi(URI base) throws Exception {
        return fromOpenApi(base, base);
    }

    /**
     * Reads the operations from the service at {@code documentBase} ({@code /q/openapi}, which stays
     * inside the cluster) and sends the requests to {@code sendBase}: the service itself, or a
     * router in front of it ({@code http://edge/payments}, a region's ingress).
     */
    public static HostileRequests fromOpenApi(URI documentBase, URI sendBase) throws Exception {
        // HTTP/1.1 and a deadline, as every other request here: the JDK client's default HTTP/2
        // upgrade attempt on a cleartext connection once left a test waiting for ever in CI.
        HttpResponse<String> doc = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(documentBase.resolve("/q/openapi?format=json")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
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
            throw new IllegalStateException("No operations in " + documentBase + "/q/openapi");
        }
        return new HostileRequests(sendBase, ops);
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

    /** Characters no text field may hold: NUL, other C0 controls, DEL, a C1 control, an unpaired surrogate. */
    static final List<String> UNSAFE_TEXT = List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\ud800");

    /** Content types a JSON body must not be accepted under (null: no Content-Type at all). */
    static final List<String> WRONG_CONTENT_TYPES = java.util.Arrays.asList(null, "*/*", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "application/json; charset=utf-16", "application/json; charset=iso-8859-1",
            "application/jsonx", "text/json");

    /**
     * Spellings of a path that walk past a router matching on prefixes (appended to a real path of
     * the document): encoded and double-encoded dots, encoded slashes and backslashes, dot
     * segments, repeated slashes.
     */
    static final List<String> PATH_TRICKS = List.of("/%2e%2e/q/metrics", "/%2E%2E/ops/circuit-breakers", "/.%2e/q/openapi",
            "/..%2fq%2fmetrics", "/%252e%252e/q/metrics", "/%5c..%5cq%5cmetrics", "/../q/health", "/./x", "//x", "/%00");

    /**
     * Every string field of every request body (nested ones and string arrays too), with each of
     * {@link #UNSAFE_TEXT} in it and every other field plausible: each must be refused as
     * {@code 400 invalid-text} naming the field. {@code auth} gives the token that may call the
     * operation, so the refusal is about the text, not the caller.
     */
    public Report unsafeTextSweep(java.util.function.Function<Operation, String> auth, Supplier<String> ids) {
        Random random = new Random(1);
        List<Probe> probes = new ArrayList<>();
        for (Operation op : operations) {
            if (op.bodySchema() == null) {
                continue;
            }
            for (List<Object> field : stringFields(op.bodySchema(), new ArrayList<>())) {
                for (String unsafe : UNSAFE_TEXT) {
                    ObjectNode body = example(op.bodySchema(), random, 0);
                    put(body, field, "a" + unsafe + "b");
                    String name = fieldName(field);
                    probes.add(new Probe(op, path(op, ids), "application/json", asciiJson(body), auth.apply(op),
                            answer -> expectProblem(answer, 400, "invalid-text", name)));
                }
            }
        }
        return sweep(probes);
    }

    /**
     * Every operation that takes a body, sent a plausible JSON body under each of
     * {@link #WRONG_CONTENT_TYPES}: each must be {@code 415 unsupported-media-type}.
     */
    public Report contentTypeSweep(java.util.function.Function<Operation, String> auth, Supplier<String> ids) {
        Random random = new Random(2);
        List<Probe> probes = new ArrayList<>();
        for (Operation op : operations) {
            if (op.bodySchema() == null) {
                continue;
            }
            for (String type : WRONG_CONTENT_TYPES) {
                probes.add(new Probe(op, path(op, ids), type, example(op.bodySchema(), random, 0).toString(), auth.apply(op),
                        answer -> expectProblem(answer, 415, "unsupported-media-type", null)));
            }
        }
        return sweep(probes);
    }

    /**
     * Every operation's path with each of {@link #PATH_TRICKS} appended: a service refuses each
     * with {@code 400 invalid-path}, so nothing that slipped past a router reaches an endpoint.
     */
    public Report pathSweep(java.util.function.Function<Operation, String> auth, Supplier<String> ids) {
        List<Probe> probes = new ArrayList<>();
        for (Operation op : operations) {
            for (String trick : PATH_TRICKS) {
                probes.add(new Probe(op, path(op, ids) + trick, op.bodySchema() == null ? null : "application/json",
                        op.bodySchema() == null ? null : "{}", auth.apply(op), answer -> expectProblem(answer, 400, "invalid-path", null)));
            }
        }
        return sweep(probes);
    }

    /** {@link Report#failures()} as an assertion, with the summary. */
    public static Report check(String what, Report report) {
        System.out.println(report.summary(what));
        if (!report.failures().isEmpty()) {
            throw new AssertionError(report.summary(what) + ":\n  " + String.join("\n  ", report.failures()));
        }
        return report;
    }

    /** One request of a sweep and what its answer must be (null: as it must be; else what is wrong). */
    private record Probe(Operation op, String path, String contentType, String body, String auth,
            java.util.function.Function<HttpResponse<String>, String> expect) {
    }

    private Report sweep(List<Probe> probes) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byOperation = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Instant start = Instant.now();
        for (Probe probe : probes) {
            byOperation.merge(probe.op().name(), 1, Integer::sum);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + probe.path()))
                    .timeout(Duration.ofSeconds(20)).header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("Accept", "application/json, application/problem+json");
            if (probe.auth() != null) {
                b.header("Authorization", probe.auth());
            }
            if (probe.contentType() != null) {
                b.header("Content-Type", probe.contentType());
            }
            b.method(probe.op().method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(probe.body(), StandardCharsets.UTF_8));
            try {
                HttpResponse<String> answer = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                byStatus.merge(answer.statusCode(), 1, Integer::sum);
                String wrong = check(answer);
                if (wrong == null) {
                    wrong = probe.expect().apply(answer);
                }
                if (wrong != null && failures.size() < 50) {
                    failures.add(probe.op().name() + " -> " + probe.path() + " (" + probe.contentType() + ", " + abbreviate(probe.body())
                            + "): " + wrong);
                }
            } catch (Exception e) {
                if (failures.size() < 50) {
                    failures.add(probe.op().name() + " -> " + probe.path() + ": no answer (" + e + ")");
                }
            }
        }
        return new Report(probes.size(), byStatus, byOperation, failures, 0, Duration.between(start, Instant.now()));
    }

    /** Null when the answer is the problem expected (and, when given, names {@code field}). */
    private static String expectProblem(HttpResponse<String> answer, int status, String slug, String field) {
        if (answer.statusCode() != status) {
            return "answered " + answer.statusCode() + ", not " + status + " " + slug + ": " + abbreviate(answer.body());
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            if (!body.path("type").asText().endsWith("/" + slug)) {
                return "problem " + body.path("type").asText() + ", not " + slug + ": " + abbreviate(answer.body());
            }
            if (field != null && !field.equals(body.path("field").asText())) {
                return "problem names field '" + body.path("field").asText() + "', not '" + field + "'";
            }
            return null;
        } catch (Exception e) {
            return "problem body is not JSON: " + abbreviate(answer.body());
        }
    }

    /**
     * JSON with everything beyond ASCII escaped ({@code \\uXXXX}): the only way an unpaired surrogate
     * reaches the service as one (encoded as UTF-8 it would become '?' on the way).
     */
    private static String asciiJson(JsonNode body) {
        try {
            return JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operation's path with every parameter filled from {@code ids}. */
    private static String path(Operation op, Supplier<String> ids) {
        String path = op.path();
        while (path.contains("{") && path.contains("}")) {
            path = path.substring(0, path.indexOf('{')) + encode(ids.get()) + path.substring(path.indexOf('}') + 1);
        }
        return path;
    }

    /** Paths (names and array indexes) of every string in a body of {@code schema}. */
    private static List<List<Object>> stringFields(JsonNode schema, List<Object> prefix) {
        List<List<Object>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            var p = it.next();
            List<Object> at = new ArrayList<>(prefix);
            at.add(p.getKey());
            JsonNode prop = p.getValue();
            String type = prop.path("type").asText(prop.has("properties") ? "object" : "string");
            switch (type) {
                case "string" -> fields.add(at);
                case "object" -> fields.addAll(stringFields(prop, at));
                case "array" -> {
                    if ("string".equals(prop.path("items").path("type").asText())) {
                        List<Object> item = new ArrayList<>(at);
                        item.add(0);
                        fields.add(item);
                    }
                }
                default -> {
                }
            }
        }
        return fields;
    }

    private static void put(ObjectNode body, List<Object> field, String value) {
        com.fasterxml.jackson.databind.node.ContainerNode<?> node = body;
        for (int i = 0; i < field.size() - 1; i++) {
            Object key = field.get(i);
            Object next = field.get(i + 1);
            com.fasterxml.jackson.databind.node.ContainerNode<?> child = next instanceof Integer
                    ? ((ObjectNode) node).putArray((String) key) : ((ObjectNode) node).with((String) key);
            node = child;
        }
        Object last = field.get(field.size() - 1);
        if (last instanceof Integer) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) node).add(value);
        } else {
            ((ObjectNode) node).put((String) last, value);
        }
    }

    /** The name a problem gives a field: {@code memo}, {@code pickup.name}, {@code members[0]}. */
    private static String fieldName(List<Object> field) {
        StringBuilder name = new StringBuilder();
        for (Object part : field) {
            if (part instanceof Integer index) {
                name.append('[').append(index).append(']');
            } else {
                name.append(name.isEmpty() ? "" : ".").append(part);
            }
        }
        return name.toString();
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path + query))
                .timeout(Duration.ofSeconds(20));
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

    /** At most 300 characters, control characters and lone surrogates spelled as escapes (a report must print whole). */
    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 300); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 300 ? out + "…" : out.toString();
    }
}
