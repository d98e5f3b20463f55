package dev.firebreak.chaos.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Every client operation of a drill, as Jepsen keeps one: who did it ({@code process}: a user, a
 * driver, the auditor, the read-back), what ({@code f}), how it ended ({@code ok}, {@code fail}:
 * certainly not applied, {@code unknown}: in doubt), when it was invoked and when it completed (ms
 * since the load started), which region answered, and what it wrote and read ({@code value}).
 * Written to {@code history.jsonl}, one operation a line, and graded by {@link Checker}.
 */
public final class History {

    /** How an operation ended. */
    public enum Type {
        OK, FAIL, UNKNOWN;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One operation. {@code type}: ok, fail or unknown; times in ms since the load started. */
    public record Op(long index, String process, String f, String type, double invoke, double complete, String region, JsonNode value) {

        public boolean ok() {
            return type.equals("ok");
        }

        public boolean unknown() {
            return type.equals("unknown");
        }

        /** Whether this operation ended before {@code later} began: the only order two clients can both vouch for. */
        public boolean before(Op later) {
            return complete < later.invoke;
        }

        /** One line for a violation's evidence: {@code #12 u3 read-balance ok [1.2 s-1.3 s] region-b {...}}. */
        public String describe() {
            String v = String.valueOf(value);
            return String.format("#%d %s %s %s [%.3f s-%.3f s]%s %s", index, process, f, type, invoke / 1000, complete / 1000,
                    region == null ? "" : " " + region, v.length() > 240 ? v.substring(0, 240) + "…" : v);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** One operation as recorded: its times on System.nanoTime()'s clock, turned into ms since the start when read. */
    private record Entry(long index, String process, String f, String type, long invokeNanos, long completeNanos, String region,
            JsonNode value) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final AtomicLong index = new AtomicLong();
    private final LongSupplier startNanos;

    /**
     * A history whose times count from {@code startNanos}: System.nanoTime() of the load's start,
     * read when the operations are read (operations of a warm-up before it get negative times, in
     * the same real-time order).
     */
    public History(LongSupplier startNanos) {
        this.startNanos = startNanos;
    }

    /** Adds one operation; {@code value} is turned into JSON (maps, lists, strings, numbers). */
    public void add(String process, String f, Type type, long invokeNanos, long completeNanos, String region, Map<String, ?> value) {
        Entry e = new Entry(index.incrementAndGet(), process, f, type.json(), invokeNanos, completeNanos, region, JSON.valueToTree(value));
        synchronized (entries) {
            entries.add(e);
        }
    }

    /** Adds every operation of {@code other} (renumbered after this history's). */
    public void addAll(History other) {
        List<Entry> theirs;
        synchronized (other.entries) {
            theirs = new ArrayList<>(other.entries);
        }
        synchronized (entries) {
            theirs.forEach(e -> entries.add(new Entry(index.incrementAndGet(), e.process(), e.f(), e.type(), e.invokeNanos(),
                    e.completeNanos(), e.region(), e.value())));
        }
    }

    /** The operations in the order they were invoked, times in ms since the start. */
    public List<Op> ops() {
        long start = startNanos.getAsLong();
        List<Op> copy = new ArrayList<>();
        synchronized (entries) {
            entries.forEach(e -> copy.add(new Op(e.index(), e.process(), e.f(), e.type(), (e.invokeNanos() - start) / 1e6,
                    (e.completeNanos() - start) / 1e6, e.region(), e.value())));
        }
        copy.sort(Comparator.comparingDouble(Op::invoke).thenComparingLong(Op::index));
        return copy;
    }

    /** Writes {@code history.jsonl}: one operation a line, in invocation order. */
    public void write(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (Op op : ops()) {
                out.write(JSON.writeValueAsString(op));
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Reads a {@code history.jsonl} back. */
    public static List<Op> read(Path file) {
        try {
            List<Op> ops = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    ops.add(JSON.readValue(line, Op.class));
                }
            }
            return ops;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
