package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.net.ClusterToken;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.NodeConfig;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.ClusterMonitoring;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.chordmr.operator.harness.TestOperator;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster reconciler against fabric8's mock API server in CRUD mode, with the committed CRDs. */
@EnableKubernetesMockClient(crud = true)
class MapReduceClusterReconcilerIT {

    private static final String NS = "ring-test";
    static KubernetesClient client;
    private Operator operator;
    /** HTTP ports of the in-process nodes playing each cluster's pods; other pods are unreachable (port 1). */
    private final Map<String, List<Integer>> podPorts = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        TestOperator.installCrds(client);
        operator = TestOperator.start(client, new NodeClient((c, i) -> {
            List<Integer> ports = podPorts.getOrDefault(c.getMetadata().getName(), List.of());
            return URI.create("http://127.0.0.1:" + (i < ports.size() ? ports.get(i) : 1));
        }), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        operator.stop();
        client.resources(MapReduceCluster.class).inNamespace(NS).delete();
        client.apps().statefulSets().inNamespace(NS).delete();
    }

    private static MapReduceCluster cluster(String name, int replicas) {
        MapReduceCluster c = new MapReduceCluster();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        c.setSpec(new MapReduceClusterSpec());
        c.getSpec().replicas = replicas;
        return c;
    }

    private static StatefulSet sts(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private static List<String> eventReasons(String name) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).map(e -> e.getReason()).toList();
    }

    private static MapReduceCluster get(String name) {
        return client.resources(MapReduceCluster.class).inNamespace(NS).withName(name).get();
    }

    @Test
    void createsTheRingObjectsAndReportsReadiness() {
        MapReduceCluster demo = cluster("demo", 3);
        demo.getSpec().resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).build();
        demo.getSpec().env = List.of(new EnvVar("AWS_REGION", "eu-west-1", null), new EnvVar("POD_NAME", "not-yours", null));
        demo.getSpec().envFrom = List.of(new EnvFromSourceBuilder().withNewSecretRef("s3-credentials", false).build());
        client.resource(demo).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> sts("demo") != null);
        StatefulSet s = sts("demo");
        assertThat(s.getSpec().getReplicas()).isEqualTo(3);
        assertThat(s.getSpec().getServiceName()).isEqualTo("demo-ring");
        assertThat(s.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(s.getMetadata().getOwnerReferences()).extracting(o -> o.getName()).containsExactly("demo");
        var pod = s.getSpec().getTemplate().getSpec();
        var node = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(node.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(node.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(node.getLifecycle().getPreStop().getExec().getCommand())
                .containsSubsequence("io.chordmr.cli.ChordMr", "leave", "--ring", "127.0.0.1:7480", "--token-file", "/etc/chordmr/token");
        assertThat(node.getVolumeMounts()).anySatisfy(v -> assertThat(v.getMountPath()).isEqualTo("/etc/chordmr"));
        assertThat(node.getArgs()).contains("--join",
                "demo-0.demo-ring.ring-test.svc:7400,demo-1.demo-ring.ring-test.svc:7400,demo-2.demo-ring.ring-test.svc:7400");
        // The 1Gi limit split between the node's heap and its task processes (NodeMemory).
        assertThat(String.join(" ", node.getArgs())).contains("--slots 1", "--task-heap 192Mi --max-task-heap 192Mi");
        assertThat(node.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
            assertThat(e.getValue()).isEqualTo("-Xmx256m");
        });
        // The spec's variables and sources reach the node; the operator's own names stay the operator's.
        assertThat(node.getEnv()).anySatisfy(e -> assertThat(e).isEqualTo(new EnvVar("AWS_REGION", "eu-west-1", null)));
        assertThat(node.getEnv()).filteredOn(e -> e.getName().equals("POD_NAME")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
        assertThat(node.getEnvFrom()).singleElement().satisfies(f -> assertThat(f.getSecretRef().getName()).isEqualTo("s3-credentials"));
        assertThat(s.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("1Gi");

        await().atMost(Duration.ofSeconds(30)).until(() -> client.services().inNamespace(NS).withName("demo-ring").get() != null
                && client.services().inNamespace(NS).withName("demo").get() != null
                && client.secrets().inNamespace(NS).withName("demo-token").get() != null
                && client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get() != null);
        Service ring = client.services().inNamespace(NS).withName("demo-ring").get();
        assertThat(ring.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(ring.getSpec().getPublishNotReadyAddresses()).isTrue();
        Secret token = client.secrets().inNamespace(NS).withName("demo-token").get();
        assertThat(token.getStringData() != null ? token.getStringData().get("token") : token.getData().get("token")).isNotBlank();
        PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("demo").get();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.network().v1().networkPolicies().inNamespace(NS).withName("demo").get() != null);
        var policy = client.network().v1().networkPolicies().inNamespace(NS).withName("demo").get().getSpec();
        assertThat(policy.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "demo");
        assertThat(policy.getIngress()).hasSize(2);
        assertThat(policy.getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/instance", "demo");
        assertThat(policy.getIngress().get(1).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "chordmr-operator");
        assertThat(policy.getIngress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(7480);

        await().atMost(Duration.ofSeconds(30)).until(() -> get("demo").getStatus() != null && get("demo").getStatus().replicas == 3);
        assertThat(Conditions.find(get("demo").getStatus().conditions, "Ready"))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(Conditions.find(get("demo").getStatus().conditions, "Degraded")).as("a new ring, not whole yet")
                .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Starting"));

        // Play the StatefulSet controller: all three pods ready.
        StatefulSet ready = sts("demo");
        ready.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(3).build());
        client.apps().statefulSets().inNamespace(NS).resource(ready).updateStatus();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("demo").getStatus().readyReplicas == 3);
        MapReduceCluster c = get("demo");
        // Ready pods are not yet a healthy ring: no node answers /ring in this test.
        assertThat(c.getStatus().ring).isEqualTo("degraded");
        assertThat(c.getStatus().labelSelector).isEqualTo("app.kubernetes.io/instance=demo,app.kubernetes.io/name=chordmr");
        assertThat(Conditions.find(c.getStatus().conditions, "Ready")).hasValueSatisfying(cond -> {
            assertThat(cond.getStatus()).isEqualTo("True");
            assertThat(cond.getReason()).isEqualTo("AllNodesReady");
        });
        assertThat(Conditions.find(c.getStatus().conditions, "Degraded")).hasValueSatisfying(cond -> {
            assertThat(cond.getStatus()).isEqualTo("True");
            assertThat(cond.getMessage()).isEqualTo("no node answered; 3 of 3 pods ready");
        });
    }

    @Test
    void monitoringAdmitsTheNamedPrometheusPodsToTheHttpPortOnlyAndGoesWhenUnset() {
        MapReduceCluster demo = cluster("watched", 3);
        demo.getSpec().monitoring = new ClusterMonitoring();
        demo.getSpec().monitoring.namespaceSelector = new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/metadata.name", "monitoring").build();
        demo.getSpec().monitoring.podSelector = new LabelSelectorBuilder().addToMatchLabels("app.kubernetes.io/name", "prometheus").build();
        client.resource(demo).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy("watched") != null && policy("watched").getSpec().getIngress().size() == 3);
        var scrape = policy("watched").getSpec().getIngress().get(2);
        assertThat(scrape.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(7480);
        // One peer holding both selectors: Prometheus's pods in its namespace, not any pod of either.
        assertThat(scrape.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
            assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", "prometheus"));
        });

        MapReduceCluster edited = get("watched");
        edited.getSpec().monitoring = new ClusterMonitoring(); // empty: any pod of the cluster's own namespace
        client.resource(edited).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy("watched").getSpec().getIngress().get(2).getFrom().get(0).getNamespaceSelector() == null);
        assertThat(policy("watched").getSpec().getIngress().get(2).getFrom().get(0).getPodSelector().getMatchLabels()).isNullOrEmpty();

        MapReduceCluster unset = get("watched");
        unset.getSpec().monitoring = null;
        client.resource(unset).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> policy("watched").getSpec().getIngress().size() == 2);
    }

    @Test
    void aTemplateFieldTakenOutOfTheSpecLeavesTheStatefulSet() {
        MapReduceCluster c = cluster("placed", 3);
        c.getSpec().template = new PodTemplateSpecBuilder().withNewSpec()
                .addNewToleration().withKey("dedicated").withValue("mr").withEffect("NoSchedule").endToleration()
                .addToNodeSelector("disk", "ssd").endSpec().build();
        client.resource(c).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> sts("placed") != null
                && sts("placed").getSpec().getTemplate().getSpec().getTolerations().size() == 1);
        MapReduceCluster edited = get("placed");
        edited.getSpec().template.getSpec().setTolerations(List.of());
        client.resource(edited).update();
        // The default matcher sees only additions; the digest of the desired state makes the removal land.
        await().atMost(Duration.ofSeconds(30)).until(() -> sts("placed").getSpec().getTemplate().getSpec().getTolerations().isEmpty());
        assertThat(sts("placed").getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("disk", "ssd");
    }

    private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy(String name) {
        return client.network().v1().networkPolicies().inNamespace(NS).withName(name).get();
    }

    @Test
    void scalingTheClusterScalesTheNodesAndADirectStatefulSetScaleIsKept() {
        client.resource(cluster("scaled", 3)).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> sts("scaled") != null && get("scaled").getStatus() != null
                && get("scaled").getStatus().observedGeneration != null);
        String token = client.secrets().inNamespace(NS).withName("scaled-token").get().toString();

        MapReduceCluster c = get("scaled");
        c.getSpec().replicas = 5;
        client.resource(c).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> sts("scaled").getSpec().getReplicas() == 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("scaled").getStatus().replicas == 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> e.getReason().equals("Scaled") && e.getMessage().equals("scaled from 3 to 5 pods")));

        StatefulSet s = sts("scaled");
        s.getSpec().setReplicas(4);
        client.apps().statefulSets().inNamespace(NS).resource(s).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("scaled").getStatus().replicas == 4);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> sts("scaled").getSpec().getReplicas() == 4);
        assertThat(client.secrets().inNamespace(NS).withName("scaled-token").get().toString()).isEqualTo(token);
    }

    @Test
    void membersAndRingHealthComeFromTheNodesThemselves() throws Exception {
        MapReduceCluster plain = cluster("live", 3);
        // The nodes this test starts itself speak plain HTTP; TLS has its own test (TlsClusterIT).
        plain.getSpec().tls = new io.chordmr.operator.crd.ClusterTls();
        plain.getSpec().tls.enabled = false;
        client.resource(plain).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.secrets().inNamespace(NS).withName("live-token").get() != null);
        Secret secret = client.secrets().inNamespace(NS).withName("live-token").get();
        String token = secret.getStringData() != null ? secret.getStringData().get("token")
                : new String(java.util.Base64.getDecoder().decode(secret.getData().get("token")), java.nio.charset.StandardCharsets.UTF_8);

        // Play the kubelet: three real nodes with the operator's token, one per pod.
        Path dir = Files.createTempDirectory("chordmr-operator-nodes");
        List<ChordMrNode> pods = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                List<io.chordmr.net.Address> peers = pods.isEmpty() ? List.of() : List.of(pods.get(0).address());
                pods.add(ChordMrNode.start(NodeConfig.loopback("live-" + i, dir.resolve("live-" + i), peers, ClusterToken.of(token))));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> pods.stream().allMatch(n -> n.ring().isMember() && n.ring().members(4).size() == 3));
            podPorts.put("live", pods.stream().map(ChordMrNode::httpPort).toList());

            StatefulSet ready = sts("live");
            ready.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(3).build());
            client.apps().statefulSets().inNamespace(NS).resource(ready).updateStatus();

            await().atMost(Duration.ofSeconds(60)).until(() -> "healthy".equals(get("live").getStatus().ring));
            MapReduceCluster c = get("live");
            assertThat(c.getStatus().members).containsExactly("live-0", "live-1", "live-2");
            assertThat(c.getStatus().underReplicated).isZero();

            assertThat(Conditions.find(c.getStatus().conditions, "Degraded")).hasValueSatisfying(d -> {
                assertThat(d.getStatus()).isEqualTo("False");
                assertThat(d.getMessage()).isEqualTo("3 of 3 pods are ring members, 0 keys lack copies (replication 3)");
            });
            assertThat(eventReasons("live")).as("a new ring becoming whole is no repair").doesNotContain("Repaired", "RingDegraded");

            // A node dies: the ring shrinks and the cluster says so.
            pods.remove(2).close();
            podPorts.put("live", pods.stream().map(ChordMrNode::httpPort).toList());
            await().atMost(Duration.ofSeconds(60)).until(() -> "degraded".equals(get("live").getStatus().ring)
                    && get("live").getStatus().members.size() == 2);
            var degraded = Conditions.find(get("live").getStatus().conditions, "Degraded").orElseThrow();
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getReason()).isEqualTo("RingDegraded");
            assertThat(degraded.getMessage()).startsWith("2 of 3 pods are ring members");
            await().atMost(Duration.ofSeconds(60)).until(() -> eventReasons("live").contains("RingDegraded"));

            // It comes back with its data: the ring is whole again, and the cluster says that too.
            pods.add(ChordMrNode.start(NodeConfig.loopback("live-2", dir.resolve("live-2"), List.of(pods.get(0).address()),
                    ClusterToken.of(token))));
            podPorts.put("live", pods.stream().map(ChordMrNode::httpPort).toList());
            await().atMost(Duration.ofSeconds(120)).until(() -> "healthy".equals(get("live").getStatus().ring));
            assertThat(Conditions.isTrue(get("live").getStatus().conditions, "Degraded")).isFalse();
            await().atMost(Duration.ofSeconds(60)).until(() -> eventReasons("live").contains("Repaired"));
        } finally {
            pods.forEach(ChordMrNode::close);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
