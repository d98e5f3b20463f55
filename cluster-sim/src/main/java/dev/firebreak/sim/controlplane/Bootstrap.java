package dev.firebreak.sim.controlplane;

import dev.firebreak.sim.secrets.LocalSecrets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.util.List;

/**
 * What a fresh simulated cluster gets before anything is deployed to it, as an installer sets a
 * cluster up: the node agent's RBAC ({@code control-plane/node-agent-rbac.yaml}), the application
 * namespace, and the installation's Secrets ({@code kubectl create secret} on a real cluster,
 * docs/kubernetes.md). Server-side apply with its own field manager, so it can run on every start
 * and {@code kubectl get -o yaml --show-managed-fields} says who wrote what.
 */
public final class Bootstrap {

    /** The field manager of everything the simulator writes. */
    public static final String FIELD_MANAGER = "firebreak-simulator";

    private Bootstrap() {
    }

    /**
     * Installs CustomResourceDefinitions (an operator's, as its release manifest does on a real
     * cluster), made fit for v1.20 by {@link LegacyCrds}, and waits until the API server serves them.
     */
    public static void installCrds(KubernetesClient admin, List<java.nio.file.Path> crds) {
        for (java.nio.file.Path file : crds) {
            CustomResourceDefinition crd = Serialization.unmarshal(LegacyCrds.forV120(file), CustomResourceDefinition.class);
            admin.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).waitUntilCondition(
                    c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                            .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())),
                    60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Puts {@code kubeconfig} in {@code namespace} as the Secret {@code name} (key {@code kubeconfig}):
     * another cluster's credential, as an installer copies it across (docs/kubernetes.md).
     */
    public static void kubeconfigSecret(KubernetesClient admin, String namespace, String name, String kubeconfig) {
        admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/part-of", "firebreak").endMetadata()
                .withType("Opaque").withStringData(java.util.Map.of("kubeconfig", kubeconfig)).build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** Applies the RBAC, {@code namespace} and every Secret of {@code secrets} through {@code admin}. */
    public static void apply(KubernetesClient admin, String namespace, LocalSecrets secrets) {
        try (InputStream rbac = Bootstrap.class.getResourceAsStream("/control-plane/node-agent-rbac.yaml")) {
            List<HasMetadata> objects = admin.load(rbac).items();
            for (HasMetadata o : objects) {
                admin.resource(o).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot read the node agent's RBAC", e);
        }
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        for (String name : secrets.names()) {
            admin.resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                    .addToLabels("app.kubernetes.io/part-of", "firebreak").endMetadata()
                    .withType(name.endsWith("-db") ? "kubernetes.io/basic-auth" : "Opaque")
                    .withStringData(secrets.data(name)).build())
                    .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
    }
}
