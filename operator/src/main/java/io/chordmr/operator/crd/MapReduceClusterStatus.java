package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** The ring as it is: the StatefulSet's real size, and the ring as a node sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MapReduceClusterStatus {

    @StatusReplicas
    @JsonPropertyDescription("Pods of the StatefulSet.")
    public int replicas;

    @JsonPropertyDescription("Pods that are ring members and ready.")
    public int readyReplicas;

    @LabelSelector
    @JsonPropertyDescription("Selector of the node pods, for the scale subresource.")
    public String labelSelector;

    @JsonPropertyDescription("Ring members as a node sees them.")
    public List<String> members = new ArrayList<>();

    @JsonPropertyDescription("healthy, or degraded when members are missing or chunks lack replicas.")
    public String ring;

    @JsonPropertyDescription("Chunks with fewer copies than the replication factor.")
    public Integer underReplicated;

    @JsonPropertyDescription("Values of spec.template the operator's own fields overrule, so they are not in the pods.")
    public List<String> ignoredTemplateFields;

    @JsonPropertyDescription("The generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Ready and Degraded (ring members missing or keys short of copies, with the numbers), after the "
            + "Kubernetes API conventions.")
    public List<Condition> conditions = new ArrayList<>();
}
