package dev.firebreak.sim.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What happened to pods, databases and links, in Kubernetes' event vocabulary (Started, Killing,
 * BackOff, Unhealthy; plus Ready/NotReady for readiness changes): kept in memory (bounded), logged,
 * and appended to {@code events.log}.
 */
public final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class);
    private static final int KEPT = 2000;

    /** One event: {@code object} is e.g. {@code region-a/payment-svc-0}. */
    public record Event(long seq, Instant time, String object, String type, String reason, String message) {

        public String line() {
            return time + " " + type + " " + reason + " " + object + ": " + message;
        }
    }

    private final Clock clock;
    private final Path file;
    private final Deque<Event> recent = new ArrayDeque<>();
    private long seq;
    private final List<java.util.function.Consumer<Event>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** {@code file} may be null (tests). */
    public Events(Clock clock, Path file) {
        this.clock = clock;
        this.file = file;
    }

    public void normal(String object, String reason, String message) {
        add(object, "Normal", reason, message);
    }

    public void warning(String object, String reason, String message) {
        add(object, "Warning", reason, message);
    }

    /** Also tells {@code listener} of every event from now on (it must not block: it runs on the thread that records). */
    public void listen(java.util.function.Consumer<Event> listener) {
        listeners.add(listener);
    }

    public void stopListening(java.util.function.Consumer<Event> listener) {
        listeners.remove(listener);
    }

    private void add(String object, String type, String reason, String message) {
        Event e = record(object, type, reason, message);
        for (var listener : listeners) {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.debugf("An event listener failed: %s", ex.getMessage());
            }
        }
    }

    private synchronized Event record(String object, String type, String reason, String message) {
        Event e = new Event(++seq, clock.instant(), object, type, reason, message);
        recent.addLast(e);
        if (recent.size() > KEPT) {
            recent.removeFirst();
        }
        if ("Warning".equals(type)) {
            LOG.warn(e.line());
        } else {
            LOG.info(e.line());
        }
        if (file != null) {
            try {
                Files.writeString(file, e.line() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return e;
    }

    /** Events after sequence number {@code after} (0: all that are kept). */
    public synchronized List<Event> since(long after) {
        return recent.stream().filter(e -> e.seq() > after).toList();
    }
}
