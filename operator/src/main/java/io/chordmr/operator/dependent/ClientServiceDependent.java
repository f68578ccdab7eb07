package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The client Service: the HTTP API of any ready node. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_BY + ",app.kubernetes.io/component=api"))
public class ClientServiceDependent extends CRUDKubernetesDependentResource<Service, MapReduceCluster> {

    public ClientServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        return new ServiceBuilder().withNewMetadata().withName(ClusterNames.nodes(c)).withNamespace(c.getMetadata().getNamespace())
                .withLabels(ClusterNames.labels(c, "api")).endMetadata()
                .withNewSpec().withSelector(ClusterNames.selector(c))
                .addNewPort().withName("http").withPort(ClusterNames.HTTP_PORT).endPort()
                .endSpec().build();
    }
}
