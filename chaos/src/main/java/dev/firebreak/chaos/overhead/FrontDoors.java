package dev.firebreak.chaos.overhead;

import dev.firebreak.pg.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The front doors {@code ./firebreak overhead} can put in front of the stub, each as it runs in
 * production: the edge from this checkout's build, and HAProxy (Debian's) with the health checks
 * of the comparison.
 */
public final class FrontDoors {

    /** The edge's JVM as its Deployment runs it (k8s/base/edge: JAVA_OPTS_APPEND, a 384Mi memory limit). */
    static final List<String> EDGE_JVM = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=384m", "-XX:MaxRAMPercentage=70");

    private FrontDoors() {
    }

    /**
     * The edge with every service of both regions at the stub, health checks as configured, and no
     * witness (there are no databases to watch; the witness is off the request path anyway).
     * {@code moreJvmOptions} go after the Deployment's.
     */
    public static ProxyProcess edge(Path project, String stubUrl, Integer cpu, Path dir, List<String> moreJvmOptions) {
        Path jar = project.resolve("edge/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The edge is not built (" + jar + "): run ./mvnw package -DskipTests -pl edge -am");
        }
        int port = FreePort.on("127.0.0.1");
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(EDGE_JVM);
        command.addAll(moreJvmOptions);
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-Dedge.service-url=" + stubUrl,
                "-Dedge.witness.enabled=false", "-Dedge.witness.state-file=" + dir.resolve("witness-state.json"),
                "-jar", jar.toString()));
        // Ready once its checks have found payment-svc healthy in region-a: then reads go there.
        return ProxyProcess.start("edge", command, cpu, dir.resolve("edge.log"), "http://127.0.0.1:" + port, "/edge/regions",
                body -> body.contains("\"payment-svc\":\"region-a\""), Duration.ofSeconds(60));
    }

    /** Whether Debian's haproxy is installed. */
    public static boolean haproxyInstalled() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy"));
    }

    /** HAProxy routing {@code /payments} to the stub with the prefix removed, as the edge does, checking it every 250 ms. */
    public static ProxyProcess haproxy(String stubUrl, Integer cpu, Path dir) {
        int port = FreePort.on("127.0.0.1");
        URI stub = URI.create(stubUrl);
        String config = """
                global
                    maxconn 2000
                defaults
                    mode http
                    timeout connect 1000ms
                    timeout client 30s
                    timeout server 1500ms
                    default-server inter 250 fall 2 rise 2
                frontend front
                    bind 127.0.0.1:%d
                    http-request replace-path /payments(.*) \\1
                    default_backend payments
                backend payments
                    option httpchk GET /q/health/ready
                    server region-a %s:%d check
                """.formatted(port, stub.getHost(), stub.getPort());
        Path file = dir.resolve("haproxy.cfg");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
        return ProxyProcess.start("haproxy", List.of("/usr/sbin/haproxy", "-f", file.toString(), "-db"), cpu, dir.resolve("haproxy.log"),
                "http://127.0.0.1:" + port, "/payments/wallets/overhead-0", body -> body.contains("balance"), Duration.ofSeconds(20));
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
