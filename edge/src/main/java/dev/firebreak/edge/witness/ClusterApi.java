package dev.firebreak.edge.witness;

/** One region's CloudNativePG {@code Cluster} through that region's Kubernetes API: all the witness may read and change there. */
public interface ClusterApi {

    String region();

    /** The Cluster as the API server has it now. */
    ClusterView read() throws RegionApi.Unanswered;

    /** Sends a JSON merge patch ({@link ClusterActions}); returns the object as stored. */
    ClusterView patch(String mergePatch) throws RegionApi.Unanswered;
}
