package io.chordmr.operator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.dependent.ClusterNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every call the operator makes to a ChordMR node goes through here: the node's HTTP API with the cluster token. */
public final class NodeClient {

    private static final Logger log = LoggerFactory.getLogger(NodeClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** The ring as one node sees it. */
    public record RingView(int size, List<String> members, int underReplicated) {
    }

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

    private final Addresses addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public NodeClient(Addresses addresses) {
        this.addresses = addresses;
    }

    /** The ring as the first answering pod among {@code pods} sees it; empty when none answers. */
    public Optional<RingView> ring(MapReduceCluster cluster, String token, int pods) {
        for (int i = 0; i < pods; i++) {
            URI base = addresses.http(cluster, i);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/ring")).timeout(TIMEOUT)
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Optional.of(parse(JSON.readTree(r.body())));
                }
                log.debug("operator: cluster={} pod {} answered /ring with {}", cluster.getMetadata().getName(), i, r.statusCode());
            } catch (IOException e) {
                log.debug("operator: cluster={} pod {} did not answer /ring: {}", cluster.getMetadata().getName(), i, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static RingView parse(JsonNode ring) {
        List<String> members = new ArrayList<>();
        int under = 0;
        for (JsonNode m : ring.path("members")) {
            members.add(m.path("name").asText());
            under += m.path("underReplicated").asInt(0);
        }
        members.sort(null);
        return new RingView(ring.path("size").asInt(members.size()), members, under);
    }
}
