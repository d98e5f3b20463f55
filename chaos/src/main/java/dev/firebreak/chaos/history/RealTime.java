package dev.firebreak.chaos.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * For one client's operations: the highest value any of them showed that completed before a
 * given operation began (and which one showed it), for rules of the form "never older than what
 * it saw before". Sorted by completion, with a running maximum: a look-up is a binary search.
 */
final class RealTime {

    private final double[] completes;
    private final long[] highest;
    private final History.Op[] holder;

    RealTime(List<History.Op> ops, ToLongFunction<History.Op> value) {
        List<History.Op> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingDouble(History.Op::complete));
        completes = new double[sorted.size()];
        highest = new long[sorted.size()];
        holder = new History.Op[sorted.size()];
        long max = Long.MIN_VALUE;
        History.Op at = null;
        for (int i = 0; i < sorted.size(); i++) {
            History.Op op = sorted.get(i);
            long v = value.applyAsLong(op);
            if (v > max) {
                max = v;
                at = op;
            }
            completes[i] = op.complete();
            highest[i] = max;
            holder[i] = at;
        }
    }

    /** The operation that showed the highest value among those completed before {@code op} was invoked; null if none. */
    History.Op highestBefore(History.Op op) {
        int lo = 0;
        int hi = completes.length; // first index with complete >= op.invoke
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (completes[mid] < op.invoke()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? null : holder[lo - 1];
    }
}
