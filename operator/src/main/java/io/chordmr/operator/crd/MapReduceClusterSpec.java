package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** The desired ring. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MapReduceClusterSpec {

    @SpecReplicas
    @Min(1)
    @JsonPropertyDescription("Nodes in the ring. At least successors + 1 (5 by default) to survive failures as designed.")
    public int replicas = 3;

    @JsonPropertyDescription("The node image; defaults to the one matching the operator's version.")
    public String image;

    @JsonPropertyDescription("Size of each node's data volume, such as 10Gi.")
    public String storage = "1Gi";

    @JsonPropertyDescription("Storage class of the data volumes; the cluster's default when empty.")
    public String storageClassName;

    @Min(1)
    @Max(8)
    @JsonPropertyDescription("Copies of every chunk, capped at the ring size.")
    public int replication = 3;

    @Min(0)
    @JsonPropertyDescription("Tasks each node runs at once; 0 means one per core.")
    public int slots;

    @JsonPropertyDescription("CPU and memory for each node.")
    public ResourceRequirements resources;
}
