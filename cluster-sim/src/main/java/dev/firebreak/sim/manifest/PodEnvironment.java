package dev.firebreak.sim.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} first, then {@code env} in
 * order, with ConfigMap, Secret and field references resolved and {@code $(VAR)} references to
 * variables defined before expanded ({@code $$(VAR)} escapes them).
 */
public final class PodEnvironment {

    /** Where Secret values come from on one machine. */
    @FunctionalInterface
    public interface Secrets {
        /** The value of {@code key} in Secret {@code name}, or null when there is none. */
        String value(String name, String key);
    }

    /** Where ConfigMaps come from: the rendered manifests, or a cluster's API server. */
    @FunctionalInterface
    public interface ConfigMaps {
        /** ConfigMap {@code name} of the pod's namespace, when it exists. */
        java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String name);
    }

    /** What the downward API can tell a pod about itself. */
    public record PodFacts(String name, String namespace, String ip) {
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private PodEnvironment() {
    }

    public static Map<String, String> of(Container container, ConfigMaps manifests, Secrets secrets, PodFacts pod) {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    String name = from.getConfigMapRef().getName();
                    var cm = manifests.configMap(name).orElseThrow(() -> new IllegalStateException(
                            "Container " + container.getName() + " reads ConfigMap " + name + ", which does not exist"));
                    if (cm.getData() != null) {
                        env.putAll(cm.getData());
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar var : container.getEnv()) {
                env.put(var.getName(), var.getValueFrom() == null
                        ? expand(var.getValue() == null ? "" : var.getValue(), env)
                        : resolve(var, var.getValueFrom(), manifests, secrets, pod));
            }
        }
        return env;
    }

    private static String resolve(EnvVar var, EnvVarSource source, ConfigMaps manifests, Secrets secrets, PodFacts pod) {
        if (source.getSecretKeyRef() != null) {
            String name = source.getSecretKeyRef().getName();
            String key = source.getSecretKeyRef().getKey();
            String value = secrets.value(name, key);
            if (value == null) {
                throw new IllegalStateException(var.getName() + " needs key '" + key + "' of Secret '" + name + "', which does not exist");
            }
            return value;
        }
        if (source.getConfigMapKeyRef() != null) {
            String name = source.getConfigMapKeyRef().getName();
            String key = source.getConfigMapKeyRef().getKey();
            return manifests.configMap(name).map(cm -> cm.getData() == null ? null : cm.getData().get(key))
                    .orElseThrow(() -> new IllegalStateException(var.getName() + " needs key '" + key + "' of ConfigMap '" + name + "'"));
        }
        if (source.getFieldRef() != null) {
            return switch (source.getFieldRef().getFieldPath()) {
                case "metadata.name" -> pod.name();
                case "metadata.namespace" -> pod.namespace();
                case "status.podIP" -> pod.ip();
                default -> throw new IllegalStateException(var.getName() + ": field " + source.getFieldRef().getFieldPath()
                        + " is not simulated");
            };
        }
        throw new IllegalStateException(var.getName() + ": this kind of valueFrom is not simulated");
    }

    /** Kubernetes' dependent environment variables: only earlier ones are visible; unknown ones stay as written. */
    static String expand(String value, Map<String, String> earlier) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group().equals("$$") ? "\\$"
                    : earlier.containsKey(m.group(1)) ? Matcher.quoteReplacement(earlier.get(m.group(1)))
                    : Matcher.quoteReplacement(m.group());
            m.appendReplacement(out, replacement);
        }
        m.appendTail(out);
        return out.toString();
    }
}
