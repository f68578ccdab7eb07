package io.chordmr.operator.reconciler;

import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.dependent.ClusterNames;
import io.chordmr.client.NodeApi;
import io.chordmr.operator.dependent.SecretData;
import io.chordmr.operator.dependent.TlsSecretDependent;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the operator reaches each cluster's nodes: the token, read from its Secret once (it never
 * changes), and with TLS on, the cluster's CA from the TLS Secret.
 */
final class ClusterTokens {

    private final Map<String, String> byClusterUid = new ConcurrentHashMap<>();
    private final Map<String, String> caByClusterUid = new ConcurrentHashMap<>();

    String of(KubernetesClient client, MapReduceCluster cluster) {
        return byClusterUid.computeIfAbsent(cluster.getMetadata().getUid(), uid -> {
            Secret s = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(ClusterNames.token(cluster)).get();
            if (s == null) {
                throw new NodeClient.UnavailableException("the cluster's token Secret " + ClusterNames.token(cluster) + " does not exist yet");
            }
            return TokenSecretDependent.tokenOf(s);
        });
    }

    /** The cluster's CA certificate when its nodes speak TLS, else null. */
    String caOf(KubernetesClient client, MapReduceCluster cluster) {
        if (cluster.getSpec() == null || !cluster.getSpec().tlsEnabled()) {
            return null;
        }
        return caByClusterUid.computeIfAbsent(cluster.getMetadata().getUid(), uid -> {
            Secret s = client.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(ClusterNames.tls(cluster)).get();
            String ca = SecretData.value(s, TlsSecretDependent.CA_CERT);
            if (ca == null) {
                throw new NodeClient.UnavailableException("the cluster's TLS Secret " + ClusterNames.tls(cluster) + " does not exist yet");
            }
            return ca;
        });
    }

    /** The node API of the cluster's first {@code pods} pods, with its token and, with TLS on, trusting its CA. */
    NodeApi api(NodeClient nodes, KubernetesClient client, MapReduceCluster cluster, int pods) {
        return nodes.forCluster(cluster, of(client, cluster), caOf(client, cluster), pods);
    }
}
