package dev.firebreak.sim.net;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Echo servers that answer each line with their name, and a blocking line client. */
final class EchoServers {

    private EchoServers() {
    }

    static NetServer start(Vertx vertx, String name) throws Exception {
        return vertx.createNetServer().connectHandler(s -> s.handler(b -> s.write(Buffer.buffer(name + ":" + b.toString()))))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Sends one line, returns the answer; throws when the connection is refused, reset or silent past {@code timeoutMs}. */
    static String ask(int port, String line, int timeoutMs) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(timeoutMs);
            return exchange(socket, line);
        }
    }

    static String exchange(Socket socket, String line) throws Exception {
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out.println(line);
        String answer = in.readLine();
        if (answer == null) {
            throw new java.io.EOFException("closed without an answer");
        }
        return answer;
    }
}
