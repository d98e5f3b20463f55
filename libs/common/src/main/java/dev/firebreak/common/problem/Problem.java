package dev.firebreak.common.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem detail. {@code type} is stable and documented in {@code docs/errors.md};
 * {@code title} is the same for every occurrence of a type; {@code detail} says what to do about
 * this occurrence. Extension members (e.g. {@code violations}, {@code balance}) go in {@link #extensions()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public final class Problem {

    /**
     * Set on an answer that refuses work because something is busy, not broken (a row held too
     * long): the edge passes it through, neither holds it against the region nor sends the
     * request to the other region, whose services reach the same primary.
     */
    public static final String BUSY_HEADER = "X-Firebreak-Busy";


    /** Media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Base of every problem type URI; the slug after it names the problem. */
    public static final String TYPE_BASE = "https://firebreak.dev/problems/";

    private static final java.util.Set<String> RESERVED = java.util.Set.of("type", "title", "status", "detail", "instance");

    private final URI type;
    private final String title;
    private final int status;
    private final String detail;
    private final URI instance;
    private final Map<String, Object> extensions;

    private Problem(URI type, String title, int status, String detail, URI instance, Map<String, Object> extensions) {
        this.type = type;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.instance = instance;
        this.extensions = extensions;
    }

    /** Starts a problem whose type is {@code TYPE_BASE + slug}. */
    public static Builder of(int status, String slug, String title) {
        return new Builder(status, URI.create(TYPE_BASE + slug), title);
    }

    public URI getType() {
        return type;
    }

    public String getTitle() {
        return title;
    }

    public int getStatus() {
        return status;
    }

    public String getDetail() {
        return detail;
    }

    public URI getInstance() {
        return instance;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The slug of this problem's type, e.g. {@code insufficient-funds}. */
    public String slug() {
        String t = type.toString();
        return t.startsWith(TYPE_BASE) ? t.substring(TYPE_BASE.length()) : t;
    }

    /** A copy that names the request it answers. */
    public Problem withInstance(URI requestUri) {
        return new Problem(type, title, status, detail, requestUri, extensions);
    }

    @Override
    public String toString() {
        return status + " " + slug() + ": " + detail;
    }

    /** Builds a {@link Problem}. */
    public static final class Builder {
        private final int status;
        private static final java.util.Set<String> RESERVED = java.util.Set.of("type", "title", "status", "detail", "instance");

    private final URI type;
        private final String title;
        private String detail;
        private final Map<String, Object> extensions = new LinkedHashMap<>();

        private Builder(int status, URI type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** Adds an extension member; the five standard member names are reserved. */
        public Builder with(String member, Object value) {
            if (RESERVED.contains(member)) {
                throw new IllegalArgumentException("'" + member + "' is a standard problem member, not an extension");
            }
            extensions.put(member, value);
            return this;
        }

        public Problem build() {
            return new Problem(type, title, status, detail, null, Collections.unmodifiableMap(new LinkedHashMap<>(extensions)));
        }

        /** The exception that, thrown from a resource or service, answers with this problem. */
        public ProblemException exception() {
            return new ProblemException(build());
        }
    }
}
