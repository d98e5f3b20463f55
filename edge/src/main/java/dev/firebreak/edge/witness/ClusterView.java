package dev.firebreak.edge.witness;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One region's CloudNativePG {@code Cluster} ({@code firebreak-db}) as the witness read it from the
 * region's API server: what it designates (spec) and what the region's operator reports (status).
 *
 * @param designated {@code spec.replica.primary}: the region the object says is the primary
 * @param synchronous whether {@code spec.postgresql.synchronous} is set (commits wait for the other region)
 * @param phase {@code status.phase}, as the region's operator wrote it
 * @param demotionToken {@code status.demotionToken}: where a demoted primary's WAL ended
 * @param designatedBy the {@code firebreak.dev/designated-by} annotation: who designated the primary
 */
public record ClusterView(String designated, boolean synchronous, String phase, String demotionToken, String designatedBy,
        String resourceVersion) {

    static ClusterView of(JsonNode cluster) {
        return new ClusterView(cluster.path("spec").path("replica").path("primary").asText(null),
                cluster.path("spec").path("postgresql").has("synchronous"), cluster.path("status").path("phase").asText(""),
                cluster.path("status").path("demotionToken").asText(""),
                cluster.path("metadata").path("annotations").path("firebreak.dev/designated-by").asText(""),
                cluster.path("metadata").path("resourceVersion").asText(""));
    }

    public boolean designates(String region) {
        return region.equals(designated);
    }
}
