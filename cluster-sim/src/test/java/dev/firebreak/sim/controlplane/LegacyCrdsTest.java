package dev.firebreak.sim.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LegacyCrdsTest {

    static final Path CNPG = Path.of("").toAbsolutePath().getParent().resolve("k8s/vendor/cloudnative-pg");

    @Test
    void cloudNativePgsClusterCrdLosesItsCelRulesAndEmptyDefaultsAndKeepsItsSchema() throws Exception {
        JsonNode crd = new ObjectMapper().readTree(LegacyCrds.forV120(CNPG.resolve("postgresql.cnpg.io_clusters.yaml")));
        String text = crd.toString();
        assertThat(text).doesNotContain("x-kubernetes-validations").doesNotContain("\"default\":\"\"");

        JsonNode spec = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema").path("properties").path("spec");
        // What the witness's patches touch is all still there, typed.
        JsonNode replica = spec.path("properties").path("replica").path("properties");
        assertThat(replica.path("primary").path("type").asText()).isEqualTo("string");
        assertThat(replica.path("promotionToken").path("type").asText()).isEqualTo("string");
        assertThat(spec.path("properties").path("postgresql").path("properties").path("synchronous").path("properties").path("method")
                .path("enum")).isNotEmpty();
        assertThat(spec.path("properties").path("instances").path("type").asText()).isEqualTo("integer");
        // Non-empty defaults stay.
        assertThat(text).contains("\"default\":true");
    }

    @Test
    void countsWhatItRemoved() throws Exception {
        JsonNode crd = new ObjectMapper().readTree("""
                {"kind": "CustomResourceDefinition", "spec": {"versions": [{"schema": {"openAPIV3Schema": {"type": "object",
                  "x-kubernetes-validations": [{"rule": "self.a > 0"}],
                  "properties": {"a": {"type": "integer", "default": 1},
                                 "name": {"type": "string", "default": ""},
                                 "items": {"type": "array", "items": {"type": "object",
                                   "x-kubernetes-validations": [{"rule": "true"}],
                                   "properties": {"ref": {"type": "string", "default": ""}}}}}}}}]}}
                """);
        assertThat(LegacyCrds.forV120(crd)).isEqualTo(new LegacyCrds.Removed(2, 2));
        assertThat(crd.toString()).contains("\"default\":1").doesNotContain("x-kubernetes-validations");
    }

    @Test
    void refusesWhatIsNotACrd() throws Exception {
        assertThatThrownBy(() -> LegacyCrds.forV120(new ObjectMapper().readTree("{\"kind\": \"Deployment\"}")))
                .hasMessageContaining("Not a CustomResourceDefinition");
    }
}
