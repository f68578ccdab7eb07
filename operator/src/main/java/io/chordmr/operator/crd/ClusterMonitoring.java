package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Who may scrape the nodes' /metrics through the cluster's NetworkPolicy (the HTTP port only; /metrics needs no token). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterMonitoring {

    @JsonPropertyDescription("The namespaces Prometheus runs in, by label, such as kubernetes.io/metadata.name: monitoring. "
            + "Unset: the cluster's own namespace.")
    public LabelSelector namespaceSelector;

    @JsonPropertyDescription("The Prometheus pods, by label, such as app.kubernetes.io/name: prometheus. Unset: every pod of "
            + "those namespaces.")
    public LabelSelector podSelector;
}
