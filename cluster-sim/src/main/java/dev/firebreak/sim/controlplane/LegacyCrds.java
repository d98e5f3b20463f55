package dev.firebreak.sim.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A CustomResourceDefinition written for today's Kubernetes, made one the simulated clusters'
 * v1.20 API servers hold. Two things in today's CRDs (CloudNativePG's among them) v1.20 cannot:
 * <ul>
 *   <li>{@code x-kubernetes-validations}, CEL rules (Kubernetes 1.25+), which it does not know:
 *       they go, so those rules are not enforced there;</li>
 *   <li>{@code default: ""} on a string, which v1.20's CRD validation reads as null and refuses
 *       ("must be of type string"): those defaults go, so an omitted field stays omitted instead
 *       of becoming "".</li>
 * </ul>
 * Everything else, the structural schema that checks field names, types, enums and required
 * fields, stays as it is.
 */
public final class LegacyCrds {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private LegacyCrds() {
    }

    /** What {@link #forV120} removed from one CRD. */
    public record Removed(int celRules, int emptyStringDefaults) {
    }

    /** Reads the CRD file, removes what v1.20 cannot hold, and returns it as JSON (for {@code kubectl create -f}). */
    public static String forV120(Path crd) {
        try {
            JsonNode doc = YAML.readTree(crd.toFile());
            forV120(doc);
            return new ObjectMapper().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the CRD " + crd, e);
        }
    }

    /** Removes, in place, what v1.20 cannot hold from {@code crd}; says how much. */
    public static Removed forV120(JsonNode crd) {
        if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            throw new IllegalArgumentException("Not a CustomResourceDefinition: " + crd.path("kind").asText("(no kind)"));
        }
        int[] counts = new int[2];
        for (JsonNode version : crd.path("spec").path("versions")) {
            strip(version.path("schema").path("openAPIV3Schema"), counts);
        }
        return new Removed(counts[0], counts[1]);
    }

    private static void strip(JsonNode node, int[] counts) {
        if (node instanceof ObjectNode object) {
            if (object.remove("x-kubernetes-validations") != null) {
                counts[0]++;
            }
            JsonNode def = object.get("default");
            if (def != null && def.isTextual() && def.asText().isEmpty() && "string".equals(object.path("type").asText())) {
                object.remove("default");
                counts[1]++;
            }
            List<JsonNode> children = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                children.add(it.next().getValue());
            }
            children.forEach(child -> strip(child, counts));
        } else if (node != null && node.isArray()) {
            node.forEach(child -> strip(child, counts));
        }
    }
}
