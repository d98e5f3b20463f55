package dev.firebreak.sim.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The connections a proxy carries, joined both ways, on a path that can go silent. While silent,
 * nothing moves and nothing is refused: bytes wait (as TCP keeps retransmitting them), a side
 * that closes is not told to the other, and new connections wait unanswered. When the path comes
 * back, what waited moves on in order, as after a healed partition; a connection whose far side
 * died meanwhile is reset, as the restarted host would answer it. Bytes keep their order and
 * arrive no sooner than the path's latency after they were sent.
 */
final class Conduit {

    private final Vertx vertx;
    private final Supplier<Boolean> silent;
    private final Supplier<Duration> latency;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private final Set<NetSocket> orphans = ConcurrentHashMap.newKeySet();
    /** New connections waiting for the path, with what to do once it is back. */
    private final Map<NetSocket, Consumer<NetSocket>> held = new ConcurrentHashMap<>();
    /** Bytes on their way, due at the far side at {@code due} (nanoTime); a null buffer is the sender's close. */
    private record InFlight(long due, Buffer buffer) {
    }

    /** The directions whose reading stopped at the silence. */
    private final Set<Direction> stalled = ConcurrentHashMap.newKeySet();

    /**
     * One direction of a joined connection: its bytes in flight, in order, each with the time it
     * is due at the far side. Guarded by itself; one timer at a time drains it.
     */
    private final class Direction {
        final NetSocket from;
        final NetSocket to;
        final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
        final List<Buffer> waiting = new ArrayList<>();
        long lastDueNanos;
        boolean timerSet;

        Direction(NetSocket from, NetSocket to) {
            this.from = from;
            this.to = to;
        }

        /** Bytes read from {@code from}: on their way, or waiting while the path is silent. */
        synchronized void read(Buffer buffer) {
            if (!waiting.isEmpty() || silent.get()) {
                from.pause();
                waiting.add(buffer);
                stalled.add(this);
                return;
            }
            send(buffer);
        }

        /** The path is back: what waited goes on its way, and reading resumes. */
        synchronized void release() {
            waiting.forEach(this::send);
            waiting.clear();
            from.resume();
        }

        /** Due after the latency, and never before bytes sent earlier the same way. */
        private void send(Buffer buffer) {
            long due = Math.max(System.nanoTime() + latency.get().toNanos(), lastDueNanos);
            lastDueNanos = due;
            inFlight.addLast(new InFlight(due, buffer));
            if (!timerSet) {
                drain();
            }
        }

        /** {@code from} closed: {@code to} is closed too, once the bytes before the close have arrived. */
        synchronized void finish() {
            send(null);
        }

        /** Delivers everything due; then waits for the next. Bytes on the wire arrive even if the path fails meanwhile. */
        private synchronized void drain() {
            timerSet = false;
            long now = System.nanoTime();
            while (!inFlight.isEmpty() && inFlight.peekFirst().due() <= now) {
                Buffer next = inFlight.pollFirst().buffer();
                if (next == null) {
                    to.close();
                } else {
                    write(next);
                }
            }
            if (!inFlight.isEmpty()) {
                timerSet = true;
                long delayMs = Math.max(1, (inFlight.peekFirst().due() - now + 999_999) / 1_000_000);
                vertx.setTimer(delayMs, t -> drain());
            }
        }

        private void write(Buffer buffer) {
            to.write(buffer);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        }
    }

    Conduit(Vertx vertx, Supplier<Boolean> silent, Supplier<Duration> latency) {
        this.vertx = vertx;
        this.silent = silent;
        this.latency = latency;
    }

    /**
     * Keeps a new connection (paused by the caller) waiting while the path is silent; once it is
     * back, {@code proceed} carries on with it (connects it onward, or resets it).
     */
    void hold(NetSocket in, Consumer<NetSocket> proceed) {
        quiet(in);
        open.add(in);
        held.put(in, proceed);
        in.closeHandler(v -> {
            open.remove(in);
            held.remove(in);
        });
    }

    /** Carries bytes between {@code in} and {@code out}, both ways, until either closes. */
    void join(NetSocket in, NetSocket out) {
        quiet(in);
        quiet(out);
        open.add(in);
        open.add(out);
        Direction inbound = new Direction(in, out);
        Direction outbound = new Direction(out, in);
        in.closeHandler(v -> closed(inbound));
        out.closeHandler(v -> closed(outbound));
        in.handler(inbound::read);
        out.handler(outbound::read);
        in.resume();
    }

    /** Resets every open connection, as a crashing middlebox does. */
    void resetAll() {
        open.forEach(Sockets::reset);
    }

    /** The path works again: what waited moves on; connections whose far side died meanwhile are reset. */
    void resumed() {
        orphans.forEach(Sockets::reset);
        orphans.clear();
        for (Direction d : List.copyOf(stalled)) {
            stalled.remove(d);
            d.release();
        }
        for (NetSocket socket : List.copyOf(held.keySet())) {
            Consumer<NetSocket> proceed = held.remove(socket);
            if (proceed != null) {
                proceed.accept(socket);
            }
        }
    }

    void closeAll() {
        open.forEach(NetSocket::close);
    }

    /** A reset or broken pipe is how connections end here; the close handler deals with it, nothing to log. */
    private static void quiet(NetSocket socket) {
        socket.exceptionHandler(e -> { });
    }

    private void closed(Direction d) {
        open.remove(d.from);
        orphans.remove(d.from);
        stalled.remove(d);
        if (silent.get()) {
            orphans.add(d.to);
        } else {
            d.finish();
        }
    }
}
