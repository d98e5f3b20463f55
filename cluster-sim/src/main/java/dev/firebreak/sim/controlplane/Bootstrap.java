package dev.firebreak.sim.controlplane;

import dev.firebreak.sim.secrets.LocalSecrets;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
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
