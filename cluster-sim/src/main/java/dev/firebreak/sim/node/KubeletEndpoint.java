package dev.firebreak.sim.node;

import dev.firebreak.sim.controlplane.ClusterPki;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's kubelet endpoint (its InternalIP, port 10250), for what the API server proxies to a
 * kubelet: {@code kubectl logs} ({@code /containerLogs/<namespace>/<pod>/<container>}, with
 * {@code tailLines} and {@code follow}). TLS with the cluster's certificates; only clients with a
 * certificate of the cluster's CA (the API server's kubelet client) are served. Unlike a kubelet,
 * it has no exec, attach or port-forward, and the log is the pod's one file across restarts.
 */
final class KubeletEndpoint implements AutoCloseable {

    private static final Pattern LOGS = Pattern.compile("/containerLogs/([^/]+)/([^/]+)/([^/]+)");

    private final Vertx vertx;
    private final Function<String, Optional<Path>> logOf;
    private final HttpServer server;

    /** Serves {@code node}'s endpoint; {@code logOf} finds a pod's log by {@code namespace/name}. */
    KubeletEndpoint(Vertx vertx, SimNode node, ClusterPki.Credential serving, Path caCert, Function<String, Optional<Path>> logOf) {
        this.vertx = vertx;
        this.logOf = logOf;
        HttpServerOptions options = new HttpServerOptions().setHost(node.address()).setPort(SimNode.KUBELET_PORT).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(serving.cert().toString()).setKeyPath(serving.key().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(caCert.toString())).setClientAuth(ClientAuth.REQUIRED);
        try {
            this.server = vertx.createHttpServer(options).requestHandler(this::handle).listen().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The kubelet endpoint of " + node.name() + " cannot listen on " + node.address() + ":"
                    + SimNode.KUBELET_PORT + ": " + e.getMessage(), e);
        }
    }

    private void handle(HttpServerRequest req) {
        Matcher m = LOGS.matcher(req.path());
        if (!m.matches()) {
            req.response().setStatusCode(404).end("the simulated kubelet serves only /containerLogs\n");
            return;
        }
        Optional<Path> log = logOf.apply(m.group(1) + "/" + m.group(2)).filter(Files::isRegularFile);
        if (log.isEmpty()) {
            req.response().setStatusCode(404).end("no such pod on this node: " + m.group(1) + "/" + m.group(2) + "\n");
            return;
        }
        vertx.executeBlocking(() -> tail(log.get(), req.getParam("tailLines")), false).onComplete(ar -> {
            if (ar.failed()) {
                req.response().setStatusCode(500).end("cannot read the log: " + ar.cause().getMessage() + "\n");
                return;
            }
            req.response().setChunked(true).putHeader("Content-Type", "text/plain").write(Buffer.buffer(ar.result().text()));
            if ("true".equals(req.getParam("follow"))) {
                follow(req, log.get(), ar.result().offset());
            } else {
                req.response().end();
            }
        });
    }

    private record Tail(String text, long offset) {
    }

    private static Tail tail(Path log, String tailLines) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        long size = Files.size(log);
        if (tailLines != null) {
            int n = Math.max(0, Integer.parseInt(tailLines));
            lines = lines.subList(Math.max(0, lines.size() - n), lines.size());
        }
        return new Tail(lines.isEmpty() ? "" : String.join("\n", lines) + "\n", size);
    }

    /** Sends what is appended to the log, twice a second, until the client goes away. */
    private void follow(HttpServerRequest req, Path log, long from) {
        long[] offset = {from};
        long timer = vertx.setPeriodic(500, t -> vertx.executeBlocking(() -> {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                if (f.length() <= offset[0]) {
                    return "";
                }
                byte[] more = new byte[(int) Math.min(1 << 20, f.length() - offset[0])];
                f.seek(offset[0]);
                f.readFully(more);
                offset[0] += more.length;
                return new String(more, StandardCharsets.UTF_8);
            }
        }, false).onSuccess(text -> {
            if (!text.isEmpty() && !req.response().closed()) {
                req.response().write(text);
            }
        }));
        req.response().closeHandler(v -> vertx.cancelTimer(timer));
        req.connection().closeHandler(v -> vertx.cancelTimer(timer));
    }

    @Override
    public void close() {
        server.close();
    }
}
