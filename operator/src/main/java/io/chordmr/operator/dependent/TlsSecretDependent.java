package io.chordmr.operator.dependent;

import io.chordmr.operator.crd.MapReduceCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret {@code <cluster>-tls}: the cluster's CA ({@code ca.crt}, {@code ca.key}) and the
 * nodes' certificate ({@code tls.crt}, {@code tls.key}). The CA is made once and kept; the node
 * certificate is issued again when a third of its life is left or it lacks a name the nodes are
 * reached by. Pods mount the certificates only, never {@code ca.key}. Nothing of it is logged.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterNames.TLS_SECRETS))
public class TlsSecretDependent extends CRUDKubernetesDependentResource<Secret, MapReduceCluster> {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String CERT = "tls.crt";
    public static final String KEY = "tls.key";

    public TlsSecretDependent() {
        super(Secret.class);
    }

    /**
     * The names a node is reached by: every pod under the headless ring Service (one wildcard, as
     * a StatefulSet gives every pod the same Secret), the client Service, and localhost.
     */
    static List<String> dnsNames(MapReduceCluster c) {
        String ns = c.getMetadata().getNamespace();
        String ring = ClusterNames.ring(c) + "." + ns + ".svc";
        String client = ClusterNames.nodes(c) + "." + ns + ".svc";
        return List.of("*." + ring, "*." + ring + ".cluster.local", client, client + ".cluster.local", "localhost");
    }

    @Override
    protected Secret desired(MapReduceCluster c, Context<MapReduceCluster> context) {
        Secret current = eventSource().map(es -> es.get(new ResourceID(ClusterNames.tls(c), c.getMetadata().getNamespace())).orElse(null))
                .orElse(null);
        Instant now = Instant.now();
        ClusterCertificates.Pem ca = SecretData.value(current, CA_CERT) != null && SecretData.value(current, CA_KEY) != null
                ? new ClusterCertificates.Pem(SecretData.value(current, CA_CERT), SecretData.value(current, CA_KEY)) : ClusterCertificates.newCa(c, now);
        List<String> names = dnsNames(c);
        boolean sameCa = current != null && ca.cert().equals(SecretData.value(current, CA_CERT));
        ClusterCertificates.Pem node = sameCa && SecretData.value(current, CERT) != null && SecretData.value(current, KEY) != null
                && !ClusterCertificates.renewalDue(SecretData.value(current, CERT), names, now)
                ? new ClusterCertificates.Pem(SecretData.value(current, CERT), SecretData.value(current, KEY)) : ClusterCertificates.issueNodes(ca, names, now);
        Map<String, String> data = new TreeMap<>();
        data.put(CA_CERT, encode(ca.cert()));
        data.put(CA_KEY, encode(ca.key()));
        data.put(CERT, encode(node.cert()));
        data.put(KEY, encode(node.key()));
        return new SecretBuilder().withNewMetadata().withName(ClusterNames.tls(c)).withNamespace(c.getMetadata().getNamespace())
                .withLabels(ClusterNames.labels(c, "tls")).endMetadata().withType("Opaque").withData(data).build();
    }

    private static String encode(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
