package dev.firebreak.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reading and building manifests the way kubectl would. */
final class Manifests {

    static final Path K8S = Path.of("").toAbsolutePath();
    static final Path ROOT = K8S.getParent();
    static final List<String> SERVICES = List.of("messaging-svc", "payment-svc", "taxi-svc", "status-svc");
    static final List<String> DATABASE_SERVICES = List.of("messaging-svc", "payment-svc", "taxi-svc");
    /** Every module whose build generates manifests: the regions' services and the global site's edge. */
    static final List<String> GENERATED = List.of("messaging-svc", "payment-svc", "taxi-svc", "status-svc", "edge");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** {@code kubectl kustomize <dir>}, parsed into its documents. */
    static List<JsonNode> kustomize(Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl is needed to build the kustomizations: install it "
                    + "(Debian/Ubuntu package 'kubectl', or https://kubernetes.io/docs/tasks/tools/) and retry", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + err);
        }
        return documents(new String(out, StandardCharsets.UTF_8));
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    /** The documents with every list of named items (env, ports, containers) sorted by name. */
    static List<JsonNode> normalized(String yaml) throws IOException {
        List<JsonNode> docs = documents(yaml);
        docs.forEach(Manifests::sortNamedLists);
        return docs;
    }

    private static void sortNamedLists(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            List<JsonNode> items = new ArrayList<>();
            array.forEach(items::add);
            items.forEach(Manifests::sortNamedLists);
            if (items.stream().allMatch(i -> i.has("name"))) {
                items.sort(java.util.Comparator.comparing(i -> i.get("name").asText()));
                array.removeAll();
                items.forEach(array::add);
            }
        } else if (node.isObject()) {
            node.forEach(Manifests::sortNamedLists);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** The ConfigMap kustomize generated from {@code name} (its name gains a content hash). */
    static JsonNode configMap(List<JsonNode> docs, String name) {
        return ofKind(docs, "ConfigMap").stream()
                .filter(d -> d.path("metadata").path("name").asText().matches(java.util.regex.Pattern.quote(name) + "(-[a-z0-9]{10})?"))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return null;
    }
}
