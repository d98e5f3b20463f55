package dev.firebreak.sim.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Who may talk to one simulated cluster, and how: its PKI ({@link ClusterPki}) and a kubeconfig per
 * client, as kubeadm writes them ({@code admin.conf}, {@code controller-manager.conf},
 * {@code scheduler.conf}). RBAC is on, so each client is only what its certificate says:
 * <ul>
 *   <li>{@link #ADMIN}: {@code firebreak-admin} in {@code system:masters}, the credential a person gets;</li>
 *   <li>{@link #CONTROLLER_MANAGER}, {@link #SCHEDULER}: the built-in {@code system:kube-*} users;</li>
 *   <li>{@link #NODE_AGENT}: {@code firebreak:node-agent}, the simulator's kubelet and kube-proxy,
 *       bound to the ClusterRole {@code firebreak:node-agent} ({@link Bootstrap}) and nothing else;</li>
 *   <li>{@link #DATABASE_OPERATOR}: {@code firebreak:database-operator}, the simulator's CloudNativePG
 *       (it reconciles the region's {@code Cluster} objects and writes their status), bound to the
 *       ClusterRole of that name.</li>
 * </ul>
 */
public final class ClusterCredentials {

    public static final String ADMIN = "admin";
    public static final String CONTROLLER_MANAGER = "controller-manager";
    public static final String SCHEDULER = "scheduler";
    public static final String NODE_AGENT = "node-agent";
    public static final String DATABASE_OPERATOR = "database-operator";

    /** The node agent's user name (its certificate's CN), which the bootstrap binds to its ClusterRole. */
    public static final String NODE_AGENT_USER = "firebreak:node-agent";

    private final String cluster;
    private final String server;
    private final ClusterPki pki;
    private final ClusterPki.Credential apiServer;
    private final ClusterPki.Credential apiServerKubeletClient;
    private final ClusterPki.Credential serviceAccount;
    private final Map<String, ClusterPki.Credential> clients = new LinkedHashMap<>();
    private final Map<String, Path> kubeconfigs = new LinkedHashMap<>();
    private volatile HttpClient http;

    private ClusterCredentials(String cluster, String server, ClusterPki pki, ClusterPki.Credential apiServer,
            ClusterPki.Credential apiServerKubeletClient, ClusterPki.Credential serviceAccount) {
        this.cluster = cluster;
        this.server = server;
        this.pki = pki;
        this.apiServer = apiServer;
        this.apiServerKubeletClient = apiServerKubeletClient;
        this.serviceAccount = serviceAccount;
    }

    /** Makes every certificate and kubeconfig of {@code cluster} under {@code dir}. */
    public static ClusterCredentials create(String cluster, Path dir, String server, String apiServerAddress, String serviceIp) {
        ClusterPki pki = ClusterPki.create(dir.resolve("pki"), cluster);
        ClusterCredentials c = new ClusterCredentials(cluster, server, pki, pki.apiServer(apiServerAddress, serviceIp),
                pki.client("apiserver-kubelet-client", "kube-apiserver-kubelet-client", "system:masters"), pki.serviceAccountKeys());
        c.client(ADMIN, "firebreak-admin", "system:masters", dir);
        c.client(CONTROLLER_MANAGER, "system:kube-controller-manager", null, dir);
        c.client(SCHEDULER, "system:kube-scheduler", null, dir);
        c.client(NODE_AGENT, NODE_AGENT_USER, null, dir);
        c.client(DATABASE_OPERATOR, "firebreak:database-operator", null, dir);
        return c;
    }

    private void client(String name, String user, String group, Path dir) {
        ClusterPki.Credential credential = pki.client(name, user, group);
        clients.put(name, credential);
        Path file = dir.resolve("kubeconfigs").resolve(name + ".conf");
        write(file, kubeconfig(Map.of(cluster, this), Map.of(cluster, name), cluster, null));
        kubeconfigs.put(name, file);
    }

    public String cluster() {
        return cluster;
    }

    public String server() {
        return server;
    }

    public Path caCert() {
        return pki.caCert();
    }

    public ClusterPki.Credential apiServer() {
        return apiServer;
    }

    public ClusterPki.Credential apiServerKubeletClient() {
        return apiServerKubeletClient;
    }

    public ClusterPki.Credential serviceAccount() {
        return serviceAccount;
    }

    public ClusterPki pki() {
        return pki;
    }

    /** The kubeconfig of client {@code name} ({@link #ADMIN}, {@link #NODE_AGENT}, ...). */
    /**
     * A fabric8 client configuration for {@code name}: its kubeconfig, with the key algorithm said
     * (fabric8 assumes RSA for a client key unless told, and these keys are ECDSA, {@link ClusterPki}).
     */
    public io.fabric8.kubernetes.client.Config clientConfig(String name) {
        try {
            io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(
                    java.nio.file.Files.readString(kubeconfig(name)));
            config.setClientKeyAlgo("EC");
            return config;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read the kubeconfig of " + name + " of " + cluster, e);
        }
    }

    public Path kubeconfig(String name) {
        Path file = kubeconfigs.get(name);
        if (file == null) {
            throw new IllegalArgumentException("No client " + name + " of " + cluster);
        }
        return file;
    }

    /** An HTTP client that trusts this cluster's CA (no client certificate: for /readyz, which anyone may read). */
    public HttpClient httpClient() {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder().sslContext(trustingCa()).connectTimeout(Duration.ofSeconds(2)).build();
            http = c;
        }
        return c;
    }

    private SSLContext trustingCa() {
        try (InputStream in = Files.newInputStream(caCert())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read " + caCert() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A kubeconfig naming each of {@code clusters} with client {@code users.get(cluster)}, certificates
     * embedded so the file stands alone; contexts are named {@code contextPrefix + cluster} (the
     * cluster's own name when the prefix is null), with {@code namespace} as their default.
     */
    public static String kubeconfig(Map<String, ClusterCredentials> clusters, Map<String, String> users, String current,
            String contextPrefix) {
        return kubeconfig(clusters, users, current, contextPrefix, null);
    }

    public static String kubeconfig(Map<String, ClusterCredentials> clusters, Map<String, String> users, String current,
            String contextPrefix, String namespace) {
        String prefix = contextPrefix == null ? "" : contextPrefix;
        StringBuilder y = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        clusters.forEach((name, c) -> y.append("- name: ").append(prefix).append(name).append("\n  cluster:\n    server: ")
                .append(c.server).append("\n    certificate-authority-data: ").append(base64(c.caCert())).append('\n'));
        y.append("users:\n");
        clusters.forEach((name, c) -> {
            ClusterPki.Credential client = c.clients.get(users.get(name));
            y.append("- name: ").append(prefix).append(name).append('-').append(users.get(name)).append("\n  user:\n")
                    .append("    client-certificate-data: ").append(base64(client.cert())).append('\n')
                    .append("    client-key-data: ").append(base64(client.key())).append('\n');
        });
        y.append("contexts:\n");
        clusters.forEach((name, c) -> {
            y.append("- name: ").append(prefix).append(name).append("\n  context:\n    cluster: ").append(prefix).append(name)
                    .append("\n    user: ").append(prefix).append(name).append('-').append(users.get(name)).append('\n');
            if (namespace != null) {
                y.append("    namespace: ").append(namespace).append('\n');
            }
        });
        y.append("current-context: ").append(prefix).append(current).append('\n');
        return y.toString();
    }

    /**
     * A kubeconfig for a ServiceAccount's {@code token} on this cluster, reached at {@code server}
     * (another site's name for it), with {@code namespace} as its default: what the installer puts in
     * the global site for the witness (docs/kubernetes.md).
     */
    public String tokenKubeconfig(String server, String token, String namespace) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: " + cluster + "\n  cluster:\n    server: " + server
                + "\n    certificate-authority-data: " + base64(caCert()) + "\nusers:\n- name: firebreak-witness\n  user:\n    token: " + token
                + "\ncontexts:\n- name: " + cluster + "\n  context:\n    cluster: " + cluster + "\n    user: firebreak-witness\n    namespace: "
                + namespace + "\ncurrent-context: " + cluster + "\n";
    }

    /** Writes a kubeconfig (it holds keys: readable by its owner only). */
    public static void write(Path file, String kubeconfig) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
