package io.chordmr.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.chordmr.operator.harness.TestOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator process as the Deployment runs it: two replicas and a Lease, probes, metrics. */
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeIT {

    private static final String LEASE_NS = "chordmr-system";
    static KubernetesClient client;
    static KubernetesMockServer server;
    private final List<ChordMrOperator> running = new ArrayList<>();
    private final AtomicInteger lostLeases = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        running.forEach(ChordMrOperator::close);
    }

    private ChordMrOperator start(String identity) {
        var settings = new ChordMrOperator.Settings(Set.of(), LEASE_NS, identity, new InetSocketAddress("127.0.0.1", 0), Duration.ofSeconds(1), lostLeases::incrementAndGet);
        ChordMrOperator op = ChordMrOperator.start(settings, client, new NodeClient((c, i) -> URI.create("http://127.0.0.1:1")));
        running.add(op);
        return op;
    }

    @Test
    void oneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItStops() throws Exception {
        TestOperator.installCrds(client);
        // JOSDK asks the API server whether it may use Leases; the mock server cannot answer that in CRUD mode.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewMetadata().endMetadata().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus().build())
                .always();
        ChordMrOperator a = start("op-a");
        ChordMrOperator b = start("op-b");
        await().atMost(Duration.ofSeconds(60)).until(() -> holder() != null);
        String leader = holder();
        assertThat(leader).isIn("op-a", "op-b");

        createCluster("first");
        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().statefulSets().inNamespace("rt").withName("first").get() != null);

        ChordMrOperator leading = leader.equals("op-a") ? a : b;
        ChordMrOperator standby = leading == a ? b : a;
        assertThat(get(leading, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(leading, "/readyz").statusCode()).isEqualTo(200);
        assertThat(get(standby, "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(leading, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("operator_sdk_reconciliations_started_total").contains("jvm_memory_used_bytes");

        leading.close();
        running.remove(leading);
        await().atMost(Duration.ofSeconds(90)).until(() -> !leader.equals(holder()) && holder() != null);
        createCluster("second");
        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().statefulSets().inNamespace("rt").withName("second").get() != null);
        assertThat(lostLeases).hasValue(0);
    }

    private String holder() {
        Lease l = client.leases().inNamespace(LEASE_NS).withName(ChordMrOperator.LEASE_NAME).get();
        return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
    }

    private void createCluster(String name) {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("rt").build());
        c.setSpec(new MapReduceClusterSpec());
        client.resource(c).create();
    }

    private HttpResponse<String> get(ChordMrOperator op, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + op.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
