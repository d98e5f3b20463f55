package dev.firebreak.common.problem;

/**
 * Thrown anywhere below a resource to answer the request with a problem. The transaction it
 * escapes from rolls back, so a refused request changes nothing.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient java.util.Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, java.util.Map.of());
    }

    /** A problem answered with extra headers, e.g. {@code Retry-After} on a 429. */
    public ProblemException(Problem problem, java.util.Map<String, String> headers) {
        super(problem.toString(), null, false, false);
        this.problem = problem;
        this.headers = java.util.Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    /** Headers the answer carries besides the problem (e.g. {@link Problem#BUSY_HEADER} passed on from a dependency). */
    public java.util.Map<String, String> headers() {
        return headers;
    }

    /** 404 for a resource that does not exist (or that the caller may not know exists). */
    public static ProblemException notFound(String what, Object id) {
        return Problem.of(404, what + "-not-found", capitalize(what) + " not found")
                .detail("No " + what + " with id '" + id + "' exists.")
                .with(what + "Id", String.valueOf(id))
                .exception();
    }

    /** 422 for a request that is well-formed but cannot be carried out as asked. */
    public static ProblemException unprocessable(String slug, String title, String detail) {
        return Problem.of(422, slug, title).detail(detail).exception();
    }

    /** 409 for a request that conflicts with the current state of a resource. */
    public static ProblemException conflict(String slug, String title, String detail) {
        return Problem.of(409, slug, title).detail(detail).exception();
    }

    /** 400 for a request that is malformed. */
    public static ProblemException badRequest(String slug, String title, String detail) {
        return Problem.of(400, slug, title).detail(detail).exception();
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).replace('-', ' ');
    }
}
