package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The TLS Secret exists while {@code spec.tls.enabled}; turned off, it is deleted with the CA. */
public class TlsEnabled implements Condition<Secret, MapReduceCluster> {

    @Override
    public boolean isMet(DependentResource<Secret, MapReduceCluster> dependent, MapReduceCluster primary, Context<MapReduceCluster> context) {
        return primary.getSpec() != null && primary.getSpec().tlsEnabled();
    }
}
