package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The headless Service: stable pod DNS names, including pods not ready yet, so joining nodes find members. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.MANAGED_BY + ",app.kubernetes.io/component=ring"))
public class RingServiceDependent extends CRUDKubernetesDependentResource<Service, MapReduceCluster> {

    public RingServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        return new ServiceBuilder().withNewMetadata().withName(ClusterNames.ring(c)).withNamespace(c.getMetadata().getNamespace())
                .withLabels(ClusterNames.labels(c, "ring")).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(ClusterNames.selector(c))
                .addNewPort().withName("ring").withPort(ClusterNames.RING_PORT).endPort()
                .addNewPort().withName("http").withPort(ClusterNames.HTTP_PORT).endPort()
                .endSpec().build();
    }
}
