package dev.firebreak.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A programmable stand-in for a dependency over real HTTP on loopback: answers per
 * {@code METHOD path}, records what it was sent, and can fail (5xx) or go away entirely
 * (connection refused) and come back on the same port, as a crashed pod would.
 */
public final class StubServer {

    /** One request the stub received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A canned answer, with any extra response headers. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        /** This answer with one more response header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, contentType, body, Map.copyOf(more));
        }

        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }

        public static Reply problem(int status, String slug, String detail) {
            return new Reply(status, "application/problem+json", "{\"type\":\"https://firebreak.dev/problems/" + slug
                    + "\",\"title\":\"" + slug + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
        }
    }

    private final Map<String, Function<Request, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile HttpServer server;
    private volatile Reply failure;

    public StubServer() {
        this.port = start(0);
    }

    /** Answers {@code method path} (exact path) with {@code reply}. */
    public StubServer on(String method, String path, Function<Request, Reply> reply) {
        routes.put(method + " " + path, reply);
        return this;
    }

    /** Every request answered with {@code reply} until {@link #heal()} (e.g. 503 while "down"). */
    public void failWith(Reply reply) {
        this.failure = reply;
    }

    public void heal() {
        this.failure = null;
    }

    /** Stops listening: callers get connection refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            start(port);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    public List<Request> received(String method, String path) {
        return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Forgets routes, recorded requests and failure mode; keeps listening. */
    public void reset() {
        routes.clear();
        received.clear();
        failure = null;
        restart();
    }

    private synchronized int start(int wanted) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
            s.setExecutor(Executors.newFixedThreadPool(8));
            s.createContext("/", this::handle);
            s.start();
            server = s;
            return s.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(request);
            Reply reply = failure;
            if (reply == null) {
                Function<Request, Reply> route = routes.get(request.method() + " " + request.path());
                reply = route == null ? Reply.problem(404, "not-found", "stub has no route") : route.apply(request);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            reply.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }
}
