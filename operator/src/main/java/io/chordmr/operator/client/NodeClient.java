package io.chordmr.operator.client;

import io.chordmr.client.ClusterCa;
import io.chordmr.client.NodeApi;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.chordmr.client.NodeApiException;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.dependent.ClusterNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every call the operator makes to a ChordMR node goes through here: {@link #forCluster} gives
 * the node API of one cluster's pods with its token, any pod answering for the whole ring. One
 * HTTP client serves every cluster.
 */
public final class NodeClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /** Where the HTTP API of a cluster's pod is. */
    @FunctionalInterface
    public interface Addresses {
        URI http(MapReduceCluster cluster, int ordinal);
    }

    /** In a Kubernetes cluster: the pod's stable DNS name under the headless Service. */
    public static Addresses podDns() {
        return (c, i) -> URI.create("http://" + ClusterNames.nodes(c) + "-" + i + "." + ClusterNames.ring(c) + "."
                + c.getMetadata().getNamespace() + ".svc:" + ClusterNames.HTTP_PORT);
    }

    /** The cluster cannot be asked yet (its token Secret is missing): the operator retries later. */
    public static final class UnavailableException extends NodeApiException {
        public UnavailableException(String message) {
            super(0, message, null);
        }
    }

    private final Addresses addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<String, HttpClient> tlsClients = new ConcurrentHashMap<>();

    public NodeClient(Addresses addresses) {
        this.addresses = addresses;
    }

    /** The API of the cluster's first {@code pods} pods, tried in order, with the cluster's token. */
    public NodeApi forCluster(MapReduceCluster cluster, String token, int pods) {
        return forCluster(cluster, token, null, pods);
    }

    /**
     * The same over TLS when {@code caPem} is given: https to the pods, trusting only the cluster's
     * CA (one HTTP client per CA, so that connections are pooled per cluster).
     */
    public NodeApi forCluster(MapReduceCluster cluster, String token, String caPem, int pods) {
        List<URI> uris = IntStream.range(0, pods).mapToObj(i -> addresses.http(cluster, i))
                .map(u -> caPem == null ? u : URI.create("https" + u.toString().substring(u.getScheme().length()))).toList();
        HttpClient client = caPem == null ? http : tlsClients.computeIfAbsent(caPem, pem -> HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT).sslContext(ClusterCa.sslContextOf(pem, "the CA of MapReduceCluster "
                        + cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName())).build());
        return NodeApi.of(client, uris, token);
    }
}
