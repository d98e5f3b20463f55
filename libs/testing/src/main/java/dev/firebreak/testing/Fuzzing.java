package dev.firebreak.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * What every service's {@code HostileInputFuzzTest} shares: the seed ({@code -Dfuzz.seed=N}, so a
 * failure can be replayed), the random picks made from it, the requests generated from the
 * service's own OpenAPI document, the sweeps of each class of hostile input over every endpoint,
 * and the check that the service's data still holds its invariants afterwards.
 */
public final class Fuzzing {

    /** The seed unless {@code -Dfuzz.seed} says otherwise. */
    public static final long DEFAULT_SEED = 20_261_125L;

    private final HostileRequests requests;
    private final long seed;
    private final Random pick;

    private Fuzzing(HostileRequests requests, long seed) {
        this.requests = requests;
        this.seed = seed;
        this.pick = new Random(seed);
    }

    /** Requests from the OpenAPI document of the service at {@code base}. */
    public static Fuzzing of(URI base) throws Exception {
        return new Fuzzing(HostileRequests.fromOpenApi(base), Long.getLong("fuzz.seed", DEFAULT_SEED));
    }

    /** A random pick from {@code choices} each time (from the seed). */
    public <T> Supplier<T> anyOf(List<T> choices) {
        List<T> copy = List.copyOf(choices);
        return () -> copy.get(pick.nextInt(copy.size()));
    }

    /** True once in {@code n} picks (from the seed). */
    public boolean oneIn(int n) {
        return pick.nextInt(n) == 0;
    }

    /**
     * {@code count} generated hostile requests (at most {@code maxTime}), each with a valid token
     * from {@code bearer} and ids from {@code ids} where the path wants one; fails on any 5xx, any
     * error that is not a problem, any stack trace.
     */
    public HostileRequests.Report run(String service, int count, Duration maxTime, Supplier<String> bearer, Supplier<String> ids)
            throws Exception {
        return requests.runAndCheck(service, seed, count, maxTime, bearer, ids);
    }

    /** Unsafe text, every content type and every spelling of every path, at every endpoint the document declares. */
    public void sweepEveryClass(String service, Function<HostileRequests.Operation, String> auth, Supplier<String> ids) {
        HostileRequests.check(service + " unsafe text", requests.unsafeTextSweep(auth, ids));
        sweepContentTypesAndPaths(service, auth, ids);
    }

    /** Every content type and every spelling of every path (a service without text inputs). */
    public void sweepContentTypesAndPaths(String service, Function<HostileRequests.Operation, String> auth, Supplier<String> ids) {
        HostileRequests.check(service + " content types", requests.contentTypeSweep(auth, ids));
        HostileRequests.check(service + " paths", requests.pathSweep(auth, ids));
    }

    /**
     * The service's invariants after the fuzzing: {@code sql} returns one row whose columns each
     * count rows that break one invariant, named in order by {@code broken}; every count must be 0.
     */
    public static void assertNoneBroken(DataSource dataSource, String sql, String... broken) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next() || rs.getMetaData().getColumnCount() != broken.length) {
                throw new IllegalArgumentException("the invariants' query must return one row with one count per name: " + List.of(broken));
            }
            List<String> failures = new java.util.ArrayList<>();
            for (int i = 0; i < broken.length; i++) {
                if (rs.getLong(i + 1) != 0) {
                    failures.add(broken[i] + ": " + rs.getLong(i + 1));
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("after the fuzzing, the data breaks its invariants: " + failures);
            }
        }
    }
}
