package io.chordmr.operator.reconciler;

import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.dependent.ClusterNames;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each cluster's token, read from its Secret once: the Secret is created with its cluster and never changes. */
final class ClusterTokens {

    private final Map<String, String> byClusterUid = new ConcurrentHashMap<>();

    String of(KubernetesClient client, MapReduceCluster cluster) {
        return byClusterUid.computeIfAbsent(cluster.getMetadata().getUid(), uid -> {
            Secret s = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(ClusterNames.token(cluster)).get();
            if (s == null) {
                throw new NodeClient.UnavailableException("the cluster's token Secret " + ClusterNames.token(cluster) + " does not exist yet");
            }
            return TokenSecretDependent.tokenOf(s);
        });
    }
}
