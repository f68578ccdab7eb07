package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

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

    @JsonPropertyDescription("Environment variables of each node, such as AWS_REGION or AWS_ENDPOINT_URL for S3 input; "
            + "POD_NAME and JAVA_TOOL_OPTIONS are set by the operator.")
    public List<EnvVar> env;

    @JsonPropertyDescription("Where more of each node's environment comes from: a Secret holding AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY, say. Job code in task processes never sees it.")
    public List<EnvFromSource> envFrom;

    @JsonPropertyDescription("Merged into the node pods, as a Flink or Spark operator's pod template is: metadata labels and "
            + "annotations, and a pod spec whose nodeSelector, tolerations, affinity, topologySpreadConstraints, "
            + "priorityClassName, imagePullSecrets, serviceAccountName, volumes and extra containers are added; a container "
            + "named node adds env, envFrom, volumeMounts and resources to the node's. The operator's own fields (command, "
            + "args, ports, probes, the data, token and tmp volumes, security context) win; a conflicting value is ignored "
            + "and reported as a Warning event.")
    public PodTemplateSpec template;

    @JsonPropertyDescription("Admits Prometheus to the nodes' HTTP port, which the cluster's NetworkPolicy otherwise keeps to "
            + "ring members and the operator. Set it, even empty, to scrape /metrics.")
    public ClusterMonitoring monitoring;

    @JsonPropertyDescription("Encrypted traffic between the nodes and to their API: on unless tls.enabled is false.")
    public ClusterTls tls;

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean tlsEnabled() {
        return tls == null || tls.enabled == null || tls.enabled;
    }
}
