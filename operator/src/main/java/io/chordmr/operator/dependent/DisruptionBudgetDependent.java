package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** At most one node down by choice at a time, so re-replication keeps up with drains. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_BY))
public class DisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, MapReduceCluster> {

    public DisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(ClusterNames.nodes(c))
                .withNamespace(c.getMetadata().getNamespace()).withLabels(ClusterNames.labels(c, "budget")).endMetadata()
                .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector().withMatchLabels(ClusterNames.selector(c))
                .endSelector().endSpec().build();
    }
}
