package dev.firebreak.sim.node;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's storage provisioner, as rancher's local-path provisioner is on kind: every
 * PersistentVolumeClaim waiting for a volume gets a PersistentVolume of its own, a directory on
 * this machine ({@code hostPath} under the site's state), pre-bound to the claim; the control
 * plane's PV controller completes the binding and the scheduler then places the pod. The directory
 * outlives the pods that mount it, as a volume does: the witness's decisions survive
 * {@code kubectl delete pod}.
 */
final class VolumeController implements AutoCloseable {

    private final KubernetesClient client;
    private final Path volumesDir;
    private final WorkQueue queue;
    private SharedIndexInformer<PersistentVolumeClaim> claims;

    VolumeController(KubernetesClient client, Path volumesDir) {
        this.client = client;
        this.volumesDir = volumesDir;
        this.queue = new WorkQueue("volume-controller", 1, this::reconcile);
    }

    void start() {
        // A deleted claim's key reconciles to nothing (its claim is gone from the cache).
        claims = client.persistentVolumeClaims().inAnyNamespace().inform(queue.enqueueing(Cache::metaNamespaceKeyFunc),
                Duration.ofMinutes(5).toMillis());
    }

    /** The directory of the volume named {@code pv} (what a pod mounting a claim bound to it sees). */
    Path path(String pv) {
        return volumesDir.resolve(pv);
    }

    private void reconcile(String key) {
        PersistentVolumeClaim claim = claims.getIndexer().getByKey(key);
        if (claim == null || claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty()
                || claim.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String name = "pvc-" + claim.getMetadata().getUid();
        Path dir = path(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Quantity size = Optional.ofNullable(claim.getSpec().getResources()).map(r -> r.getRequests()).map(r -> r.get("storage"))
                .orElse(new Quantity("1Gi"));
        PersistentVolume pv = new PersistentVolumeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("firebreak.dev/provisioned-by", "cluster-sim")).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", size))
                .withAccessModes(Optional.ofNullable(claim.getSpec().getAccessModes()).filter(m -> !m.isEmpty()).orElse(List.of("ReadWriteOnce")))
                .withStorageClassName(Optional.ofNullable(claim.getSpec().getStorageClassName()).orElse(""))
                .withPersistentVolumeReclaimPolicy("Delete")
                .withNewHostPath().withPath(dir.toString()).withType("DirectoryOrCreate").endHostPath()
                .withNewClaimRef().withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid()).endClaimRef()
                .endSpec().build();
        try {
            client.persistentVolumes().resource(pv).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e; // 409: made already (by an earlier reconcile): the PV controller binds it
            }
        }
    }

    @Override
    public void close() {
        queue.close();
        if (claims != null) {
            claims.close();
        }
    }
}
