package dev.firebreak.edge.witness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One region's Kubernetes API as the witness uses it: read and merge-patch the region's
 * CloudNativePG {@code Cluster} {@code firebreak-db}, nothing else (the Role {@code firebreak-witness}
 * allows no more). The credential is a kubeconfig from the Secret {@code witness-api-<region>}.
 * Short fuses and no retries: a region whose API server does not answer within a second is silent,
 * and the witness decides on that.
 */
public final class RegionApi implements ClusterApi, AutoCloseable {

    public static final String NAMESPACE = "firebreak";
    public static final String CLUSTER = "firebreak-db";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A read or a patch that got no answer from the API server, or an answer that was an error. */
    public static final class Unanswered extends Exception {
        public Unanswered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String region;
    private final KubernetesClient client;

    private RegionApi(String region, KubernetesClient client) {
        this.region = region;
        this.client = client;
    }

    /** A client of {@code region}'s API server from the kubeconfig in {@code kubeconfig}. */
    public static RegionApi fromKubeconfig(String region, Path kubeconfig) {
        String text;
        try {
            text = Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new IllegalStateException("No credential for " + region + "'s API server at " + kubeconfig + " (the Secret witness-api-"
                    + region + ", docs/kubernetes.md): " + e.getMessage(), e);
        }
        Config config = Config.fromKubeconfig(text);
        config.setConnectionTimeout(1_000);
        config.setRequestTimeout(1_500);
        config.setRequestRetryBackoffLimit(0);
        config.setWatchReconnectLimit(0);
        return new RegionApi(region, new KubernetesClientBuilder().withConfig(config).build());
    }

    @Override
    public String region() {
        return region;
    }

    private Resource<GenericKubernetesResource> cluster() {
        return client.genericKubernetesResources("postgresql.cnpg.io/v1", "Cluster").inNamespace(NAMESPACE).withName(CLUSTER);
    }

    /** The region's Cluster as its API server has it now. */
    @Override
    public ClusterView read() throws Unanswered {
        try {
            GenericKubernetesResource c = cluster().get();
            if (c == null) {
                throw new Unanswered(region + "'s API server has no Cluster " + NAMESPACE + "/" + CLUSTER, null);
            }
            return ClusterView.of(JSON.valueToTree(c));
        } catch (KubernetesClientException e) {
            throw new Unanswered(region + "'s API server: " + message(e), e);
        }
    }

    /** Sends {@code mergePatch}; returns the object as the API server stored it. */
    @Override
    public ClusterView patch(String mergePatch) throws Unanswered {
        try {
            GenericKubernetesResource c = cluster().patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
            return ClusterView.of(JSON.valueToTree(c));
        } catch (KubernetesClientException e) {
            throw new Unanswered(region + "'s API server refused or did not answer a patch: " + message(e), e);
        }
    }

    private static String message(KubernetesClientException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getCode() > 0 ? "HTTP " + e.getCode() + " " + e.getMessage() : String.valueOf(root.getMessage());
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }

    @Override
    public void close() {
        client.close();
    }
}
