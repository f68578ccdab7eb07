package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.ClusterMonitoring;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * Only ring members reach a node's ports, and the operator its HTTP API: the token is the second
 * lock, not the only one. {@code spec.monitoring} admits Prometheus to the HTTP port. Probes come from the kubelet, which network policies do not filter.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_BY))
public class NetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, MapReduceCluster> {

    /** Where the operator runs: its own namespace when it knows it (the Deployment sets POD_NAMESPACE). */
    static final String OPERATOR_NAMESPACE = System.getenv().getOrDefault("POD_NAMESPACE", "chordmr-system");

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    public Matcher.Result<NetworkPolicy> match(NetworkPolicy actual, NetworkPolicy desired, MapReduceCluster primary, Context<MapReduceCluster> context) {
        return DesiredStamp.match(super.match(actual, desired, primary, context), actual, desired);
    }

    @Override
    protected NetworkPolicy desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        NetworkPolicy p = new NetworkPolicyBuilder().withNewMetadata().withName(ClusterNames.nodes(c))
                .withNamespace(c.getMetadata().getNamespace()).withLabels(ClusterNames.labels(c, "network-policy")).endMetadata()
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(ClusterNames.selector(c)).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress()
                .addNewFrom().withNewPodSelector().withMatchLabels(ClusterNames.selector(c)).endPodSelector().endFrom()
                .addNewPort().withPort(new IntOrString(ClusterNames.RING_PORT)).withProtocol("TCP").endPort()
                .addNewPort().withPort(new IntOrString(ClusterNames.HTTP_PORT)).withProtocol("TCP").endPort()
                .endIngress()
                .addNewIngress()
                .addNewFrom()
                .withNewNamespaceSelector().withMatchLabels(Map.of("kubernetes.io/metadata.name", OPERATOR_NAMESPACE)).endNamespaceSelector()
                .withNewPodSelector().withMatchLabels(Map.of("app.kubernetes.io/name", "chordmr-operator")).endPodSelector()
                .endFrom()
                .addNewPort().withPort(new IntOrString(ClusterNames.HTTP_PORT)).withProtocol("TCP").endPort()
                .endIngress()
                .endSpec().build();
        ClusterMonitoring m = c.getSpec().monitoring;
        if (m != null) {
            // One peer with both selectors: those pods in those namespaces, not either.
            NetworkPolicyPeer prometheus = new NetworkPolicyPeerBuilder().withNamespaceSelector(m.namespaceSelector)
                    .withPodSelector(m.podSelector != null ? m.podSelector : new LabelSelector()).build();
            p.getSpec().getIngress().add(new NetworkPolicyIngressRuleBuilder().withFrom(prometheus)
                    .addNewPort().withPort(new IntOrString(ClusterNames.HTTP_PORT)).withProtocol("TCP").endPort().build());
        }
        return DesiredStamp.stamped(p);
    }
}
