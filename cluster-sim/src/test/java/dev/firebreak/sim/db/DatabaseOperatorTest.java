package dev.firebreak.sim.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firebreak.pg.Replication;
import dev.firebreak.sim.control.Json;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the simulated operator reads of a CloudNativePG Cluster, and the tokens it writes and reads. */
class DatabaseOperatorTest {

    static JsonNode cluster(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void readsTheDesignationSynchronousSettingAndFencingAsCloudNativePgDefinesThem() throws Exception {
        DatabaseOperator.Spec spec = DatabaseOperator.Spec.of(cluster("""
                {"metadata": {"annotations": {"cnpg.io/fencedInstances": "[\\"*\\"]"}},
                 "spec": {"replica": {"self": "region-b", "primary": "region-b", "source": "region-a", "promotionToken": "abc"},
                          "postgresql": {"synchronous": {"method": "first", "number": 1}}}}"""));
        assertThat(spec.designatesSelf()).isTrue();
        assertThat(spec.synchronous()).isTrue();
        assertThat(spec.fenced()).isTrue();
        assertThat(spec.promotionToken()).isEqualTo("abc");

        DatabaseOperator.Spec follower = DatabaseOperator.Spec.of(cluster("""
                {"metadata": {"annotations": {"cnpg.io/fencedInstances": "[]"}},
                 "spec": {"replica": {"self": "region-a", "primary": "region-b", "source": "region-b"}, "postgresql": {}}}"""));
        assertThat(follower.designatesSelf()).isFalse();
        assertThat(follower.synchronous()).as("no synchronous block: asynchronous").isFalse();
        assertThat(follower.fenced()).as("an empty list fences nothing").isFalse();
        assertThat(follower.promotionToken()).isEmpty();
    }

    @Test
    void aDemotionTokenCarriesWhereTheWalEndsAndIsAcceptedBackAsAPromotionToken() throws Exception {
        String token = DatabaseOperator.demotionToken(new Replication.Checkpoint("0/6125848", 2, "7412345678901234567"));
        JsonNode json = Json.MAPPER.readTree(Base64.getDecoder().decode(token));
        assertThat(json.path("latestCheckpointTimelineID").asText()).isEqualTo("2");
        assertThat(json.path("databaseSystemIdentifier").asText()).isEqualTo("7412345678901234567");
        assertThat(DatabaseOperator.tokenLsn(token)).isEqualTo("0/6125848");
    }

    @Test
    void aPromotionTokenThatIsNotADemotionTokenIsRefusedWithWhy() {
        assertThatThrownBy(() -> DatabaseOperator.tokenLsn("not base64 at all!")).hasMessageContaining("not a demotion token");
        String noLsn = Base64.getEncoder().encodeToString("{\"latestCheckpointREDOLocation\": \"0/1'; DROP\"}".getBytes());
        assertThatThrownBy(() -> DatabaseOperator.tokenLsn(noLsn)).hasMessageContaining("latestCheckpointREDOLocation");
    }
}
