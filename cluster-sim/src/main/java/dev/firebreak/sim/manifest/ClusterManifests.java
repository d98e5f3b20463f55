package dev.firebreak.sim.manifest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One cluster's objects, read from the same kustomize overlay {@code kubectl apply -k} sends to a
 * real cluster, typed with fabric8's kubernetes-model.
 */
public final class ClusterManifests implements PodEnvironment.ConfigMaps {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String cluster;
    private final List<Deployment> deployments;
    private final List<Service> services;
    private final Map<String, ConfigMap> configMaps;
    private final List<Ingress> ingresses;

    private ClusterManifests(String cluster, List<Deployment> deployments, List<Service> services, Map<String, ConfigMap> configMaps,
            List<Ingress> ingresses) {
        this.cluster = cluster;
        this.deployments = List.copyOf(deployments);
        this.services = List.copyOf(services);
        this.configMaps = Map.copyOf(configMaps);
        this.ingresses = List.copyOf(ingresses);
    }

    /** Renders {@code overlay} with {@code kubectl kustomize}; {@code cluster} names it. */
    public static ClusterManifests render(String cluster, Path overlay) {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to render " + overlay + ": install it (Debian package 'kubectl', "
                    + "or see https://kubernetes.io/docs/tasks/tools/) and retry", e);
        }
        try {
            String yaml = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + err.strip());
            }
            return parse(cluster, yaml);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read kubectl's output for " + overlay, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a multi-document manifest; kinds the simulator does not run are skipped. */
    public static ClusterManifests parse(String cluster, String yaml) throws IOException {
        List<Deployment> deployments = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        List<Ingress> ingresses = new ArrayList<>();
        try (var it = YAML.readValues(new YAMLFactory().createParser(yaml), JsonNode.class)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                switch (doc.path("kind").asText()) {
                    case "Deployment" -> deployments.add(YAML.treeToValue(doc, Deployment.class));
                    case "Service" -> services.add(YAML.treeToValue(doc, Service.class));
                    case "Ingress" -> ingresses.add(YAML.treeToValue(doc, Ingress.class));
                    case "ConfigMap" -> {
                        ConfigMap cm = YAML.treeToValue(doc, ConfigMap.class);
                        configMaps.put(cm.getMetadata().getName(), cm);
                    }
                    default -> {
                        // Namespaces and the like need nothing on one machine.
                    }
                }
            }
        }
        return new ClusterManifests(cluster, deployments, services, configMaps, ingresses);
    }

    public String cluster() {
        return cluster;
    }

    public List<Deployment> deployments() {
        return deployments;
    }

    public List<Service> services() {
        return services;
    }

    public List<Ingress> ingresses() {
        return ingresses;
    }

    public Optional<ConfigMap> configMap(String name) {
        return Optional.ofNullable(configMaps.get(name));
    }

    /**
     * The data of the {@code firebreak-cluster} ConfigMap (who this cluster is, its peer, the
     * database hosts), under the name kustomize's generator gave it ({@code firebreak-cluster-<hash>}).
     */
    public Map<String, String> clusterSettings() {
        return configMaps.values().stream().filter(cm -> cm.getMetadata().getName().matches("firebreak-cluster(-[a-z0-9]{10})?"))
                .findFirst().map(cm -> cm.getData() == null ? Map.<String, String>of() : cm.getData()).orElse(Map.of());
    }

    /** The Services whose selector picks this Deployment's pods. */
    public List<Service> servicesFor(Deployment deployment) {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return services.stream().filter(s -> {
            Map<String, String> selector = s.getSpec().getSelector();
            return selector != null && !selector.isEmpty() && selector.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
        }).toList();
    }
}
