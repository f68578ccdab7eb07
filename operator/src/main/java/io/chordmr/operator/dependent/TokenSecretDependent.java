package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The cluster token: generated once when absent, never updated (nor logged), so a restart keeps it. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.TOKEN_SECRETS))
public class TokenSecretDependent extends KubernetesDependentResource<Secret, MapReduceCluster> implements Creator<Secret, MapReduceCluster> {

    public static final String KEY = "token";

    public TokenSecretDependent() {
        super(Secret.class);
    }

    /** The token a Secret holds: in data once the API server stored it, in stringData as written. */
    public static String tokenOf(Secret s) {
        return SecretData.value(s, KEY);
    }

    @Override
    protected Secret desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new SecretBuilder().withNewMetadata().withName(ClusterNames.token(c)).withNamespace(c.getMetadata().getNamespace())
                .withLabels(ClusterNames.labels(c, "token")).endMetadata()
                .addToStringData(KEY, HexFormat.of().formatHex(b)).build();
    }
}
