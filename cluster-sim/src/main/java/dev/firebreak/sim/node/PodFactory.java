package dev.firebreak.sim.node;

import dev.firebreak.sim.kubelet.Pod;
import dev.firebreak.sim.kubelet.ProbeSpec;
import dev.firebreak.sim.kubelet.RestartBackOff;
import dev.firebreak.sim.manifest.PodEnvironment;
import dev.firebreak.sim.secrets.LocalSecrets;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Pod bound to one of the simulator's nodes into what the container runtime runs: the
 * container's environment (ConfigMaps and Secrets read from the API server, the downward API), its
 * Secret volumes written under the pod's own root (what the kubelet mounts), its address, its log.
 * What cannot be simulated is refused before anything starts: more than one container, a volume
 * other than a Secret, an emptyDir or a PersistentVolumeClaim, a probe the kubelet here cannot run.
 */
final class PodFactory {

    /** The label that names a pod's application (and so its service, in status and chaos). */
    static final String APP_LABEL = "app.kubernetes.io/name";

    private final String cluster;
    private final KubernetesClient client;
    private final Path stateDir;
    private final Clock clock;

    PodFactory(String cluster, KubernetesClient client, Path stateDir, Clock clock) {
        this.cluster = cluster;
        this.client = client;
        this.stateDir = stateDir;
        this.clock = clock;
    }

    /** The runtime pod for {@code pod}, at {@code ip}; its volumes are written, nothing is started. */
    Pod create(io.fabric8.kubernetes.api.model.Pod pod, String ip) {
        var spec = pod.getSpec();
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (spec.getContainers().size() != 1) {
            throw new IllegalStateException(namespace + "/" + name + ": one container per pod is simulated, not " + spec.getContainers().size());
        }
        Container container = spec.getContainers().get(0);
        for (ProbeSpec.Kind kind : ProbeSpec.Kind.values()) {
            ProbeSpec.of(kind, container); // refuses probes the kubelet here cannot run
        }
        Path root = stateDir.resolve(cluster).resolve("pods").resolve(name);
        mountVolumes(pod, container, root);
        Map<String, String> env = new LinkedHashMap<>(PodEnvironment.of(container, configMaps(namespace), secrets(namespace),
                new PodEnvironment.PodFacts(name, namespace, ip)));
        env.put("QUARKUS_HTTP_HOST", ip);
        env.put("FIREBREAK_MOUNT_ROOT", root.toString());
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        String app = labels.getOrDefault(APP_LABEL, labels.getOrDefault("app", name));
        int grace = Optional.ofNullable(spec.getTerminationGracePeriodSeconds()).map(Long::intValue).orElse(30);
        Path log = stateDir.resolve("logs").resolve(cluster).resolve(name + ".log");
        return new Pod(cluster, name, app, ip, labels, pod.getMetadata().getAnnotations(), container, env, root, log, grace,
                new RestartBackOff(clock));
    }

    private PodEnvironment.ConfigMaps configMaps(String namespace) {
        return name -> Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
    }

    private PodEnvironment.Secrets secrets(String namespace) {
        return (name, key) -> Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get())
                .map(PodFactory::decoded).map(data -> data.get(key)).orElse(null);
    }

    private void mountVolumes(io.fabric8.kubernetes.api.model.Pod pod, Container container, Path root) {
        if (container.getVolumeMounts() == null) {
            return;
        }
        List<Volume> volumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = volumes.stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(pod.getMetadata().getName() + " mounts volume " + mount.getName()
                            + ", which it does not declare"));
            Path target = root.resolve(mount.getMountPath().replaceFirst("^/+", ""));
            try {
                if (volume.getSecret() != null) {
                    Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(volume.getSecret().getSecretName())
                            .get();
                    if (secret == null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                        throw new IllegalStateException("Secret " + volume.getSecret().getSecretName() + " does not exist (volume "
                                + volume.getName() + " of " + pod.getMetadata().getName() + ")");
                    }
                    LocalSecrets.mount(volume.getSecret(), secret == null ? Map.of() : decoded(secret), target);
                } else if (volume.getPersistentVolumeClaim() != null) {
                    mountClaim(pod.getMetadata().getNamespace(), volume.getPersistentVolumeClaim().getClaimName(), target);
                } else if (volume.getEmptyDir() != null) {
                    // Outlives a container restart, as an emptyDir does: a pod's root lasts as long as the pod.
                    Files.createDirectories(target);
                } else {
                    throw new IllegalStateException(pod.getMetadata().getName() + ": volume " + volume.getName()
                            + " is not a Secret, an emptyDir or a PersistentVolumeClaim, which is all the simulator mounts");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Mounts the volume bound to claim {@code name}: its directory (a hostPath the storage
     * provisioner made, {@link VolumeController}) appears at {@code target}. A claim not yet bound
     * fails the pod's start, which the pod controller retries, as a kubelet waits for its volumes.
     */
    private void mountClaim(String namespace, String name, Path target) throws IOException {
        var claim = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
        String volume = claim == null ? null : claim.getSpec().getVolumeName();
        if (volume == null || volume.isEmpty()) {
            throw new IllegalStateException("PersistentVolumeClaim " + namespace + "/" + name + " is not bound yet");
        }
        var pv = client.persistentVolumes().withName(volume).get();
        if (pv == null || pv.getSpec().getHostPath() == null) {
            throw new IllegalStateException("PersistentVolume " + volume + " is not a hostPath volume of this machine");
        }
        Path source = Path.of(pv.getSpec().getHostPath().getPath());
        Files.createDirectories(source);
        Files.createDirectories(target.getParent());
        if (Files.isSymbolicLink(target)) {
            Files.delete(target);
        } else if (Files.isDirectory(target)) {
            try (var stale = Files.list(target)) {
                if (stale.findAny().isEmpty()) {
                    Files.delete(target);
                }
            }
        }
        if (!Files.exists(target)) {
            Files.createSymbolicLink(target, source);
        }
    }

    /** A Secret's values as text (the API server keeps them base64-encoded in {@code data}). */
    static Map<String, String> decoded(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

}
