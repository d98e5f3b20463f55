package dev.firebreak.sim.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A container for the kubelet's tests: a real process with health endpoints whose answers a test
 * switches over HTTP, so probes, restarts and endpoints can be watched on something that starts
 * in a fraction of a second. Its state lives in the process, so a restart resets it, as it would
 * reset a real service's.
 *
 * <pre>
 *   GET  /started /ready /live     200, or 503 while not started / not ready / wedged
 *   GET  /whoami                   the pod's name (HOSTNAME)
 *   POST /ready?on=false|true      switch readiness
 *   POST /wedge                    liveness fails from now on
 *   POST /exit?code=N              the process exits with code N
 * </pre>
 * Environment: {@code QUARKUS_HTTP_HOST}, {@code PORT} (default 8080), {@code STARTED_AFTER_MS}.
 */
public final class FakeContainer {

    private static volatile boolean ready = true;
    private static volatile boolean wedged;

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("QUARKUS_HTTP_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        long startedAt = System.currentTimeMillis() + Long.parseLong(System.getenv().getOrDefault("STARTED_AFTER_MS", "0"));
        String name = System.getenv().getOrDefault("HOSTNAME", "fake");
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/started", ex -> answer(ex, System.currentTimeMillis() >= startedAt ? 200 : 503, "started"));
        server.createContext("/ready", ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
                ready = !"on=false".equals(ex.getRequestURI().getQuery());
            }
            answer(ex, ready ? 200 : 503, "ready=" + ready);
        });
        server.createContext("/live", ex -> answer(ex, wedged ? 503 : 200, "wedged=" + wedged));
        server.createContext("/wedge", ex -> {
            wedged = true;
            answer(ex, 200, "wedged");
        });
        server.createContext("/whoami", ex -> answer(ex, 200, name));
        server.createContext("/exit", ex -> {
            answer(ex, 200, "bye");
            String q = ex.getRequestURI().getQuery();
            Runtime.getRuntime().halt(q != null && q.startsWith("code=") ? Integer.parseInt(q.substring(5)) : 1);
        });
        server.start();
        System.out.println("fake container " + name + " listening on " + host + ":" + port);
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
