package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.NodeApi;
import io.chordmr.engine.Jobs;
import io.chordmr.engine.S3ProxyServer;
import io.chordmr.manifest.FileSpec;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.OutputSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The operator driving pods that are {@code chordmr node} processes, each with the environment
 * its pod spec gives it: S3 credentials reach the nodes only through a Secret named in the
 * cluster's {@code envFrom}, and the streaming example's scripts only through {@code spec.files}.
 */
@EnableKubernetesMockClient(crud = true)
class ProcessPodsIT {

    private static final Duration LONG = Duration.ofMinutes(4);
    static KubernetesClient client;

    private final String ns = "process-pods";
    private S3ProxyServer s3;
    private Kubelet kubelet;
    private Operator operator;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3ProxyServer("data", "out");
        TestOperator.installCrds(client);
        kubelet = Kubelet.withProcesses(client, ns);
        operator = TestOperator.start(client, new NodeClient(kubelet.addresses()), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        if (operator != null) {
            operator.stop();
        }
        kubelet.close();
        s3.close();
    }

    @Test
    void theStreamingExampleReadsAndWritesS3WithCredentialsFromASecretAndScriptsShippedWithTheJob() throws Exception {
        ByteArrayOutputStream corpus = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] part = Jobs.zipfCorpus(70 + i, 200_000, 2_000);
            s3.client().putObject(b -> b.bucket("data").key("in/" + corpus.size() + ".txt"), RequestBody.fromBytes(part));
            corpus.write(part);
        }
        client.resource(new SecretBuilder().withNewMetadata().withName("s3-credentials").withNamespace(ns).endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS).addToStringData("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET)
                .addToStringData("AWS_REGION", "us-east-1").build()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName("s3-endpoint").withNamespace(ns).endMetadata()
                .addToStringData("url", s3.endpoint()).build()).create();
        MapReduceCluster cluster = new MapReduceCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("ring").withNamespace(ns).build());
        cluster.setSpec(new MapReduceClusterSpec());
        cluster.getSpec().replicas = 3;
        // Plain: the harness runs TLS pods in its own JVM only (TlsClusterIT); TLS node processes are TlsProcessIT's.
        cluster.getSpec().tls = new io.chordmr.operator.crd.ClusterTls();
        cluster.getSpec().tls.enabled = false;
        cluster.getSpec().envFrom = List.of(new EnvFromSourceBuilder().withNewSecretRef().withName("s3-credentials").endSecretRef().build());
        // The endpoint comes through the pod template: without it the nodes would call AWS itself, and fail.
        cluster.getSpec().template = new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("team", "search").endMetadata()
                .withNewSpec().addToNodeSelector("disk", "ssd")
                .addNewToleration().withKey("dedicated").withOperator("Exists").withEffect("NoSchedule").endToleration()
                .addNewContainer().withName("node").withCommand("sleep", "infinity")
                .addNewEnv().withName("AWS_ENDPOINT_URL").withNewValueFrom().withNewSecretKeyRef("url", "s3-endpoint", false).endValueFrom()
                .endEnv().endContainer()
                .endSpec().build();
        client.resource(cluster).create();
        await().atMost(LONG).until(() -> kubelet.podNames().size() == 3 && kubelet.clusterToken("ring") != null
                && ready(client.resources(MapReduceCluster.class).inNamespace(ns).withName("ring").get()));

        // The scripts reach the ring as datasets, as `chordmr put` would store them.
        NodeApi api = new NodeClient(kubelet.addresses()).forCluster(cluster, kubelet.clusterToken("ring"), 3);
        api.put("streaming-mapper", Path.of("..", "examples", "streaming", "mapper.py"), null, null, false);
        api.put("streaming-reducer", Path.of("..", "examples", "streaming", "reducer.py"), null, null, false);

        JobSpec spec = new JobSpec();
        spec.setCluster("ring");
        InputSpec in = new InputSpec();
        in.setUrl("s3://data/in/");
        spec.setInput(in);
        spec.setFiles(List.of(file("streaming-mapper", "mapper.py"), file("streaming-reducer", "reducer.py")));
        spec.setMapper(StepSpec.ofCommand("python3 mapper.py"));
        spec.setReducer(StepSpec.ofCommand("python3 reducer.py"));
        spec.setReduces(2);
        OutputSpec out = new OutputSpec();
        out.setUrl("s3://out/wc/");
        spec.setOutput(out);
        MapReduceJob job = new MapReduceJob();
        job.setMetadata(new ObjectMetaBuilder().withName("streaming").withNamespace(ns).build());
        job.setSpec(spec);
        client.resource(job).create();

        await().atMost(LONG).until(() -> {
            MapReduceJob j = client.resources(MapReduceJob.class).inNamespace(ns).withName("streaming").get();
            String phase = j == null || j.getStatus() == null ? null : j.getStatus().phase;
            if ("Failed".equals(phase)) {
                throw new AssertionError("job failed: " + j.getStatus().message);
            }
            return "Succeeded".equals(phase);
        });

        List<String> keys = s3.client().listObjectsV2(b -> b.bucket("out").prefix("wc/")).contents().stream().map(S3Object::key).sorted()
                .toList();
        assertThat(keys).containsExactly("wc/_SUCCESS", "wc/part-r-00000", "wc/part-r-00001");
        List<String> lines = new ArrayList<>();
        for (String k : keys) {
            s3.client().getObjectAsBytes(b -> b.bucket("out").key(k)).asString(StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        Map<String, Long> expected = Jobs.countWords(corpus.toByteArray());
        assertThat(Jobs.counts(lines)).isEqualTo(expected);

        // The template reached the pods; its command, the operator's to set, did not, and the cluster says so.
        var template = client.apps().statefulSets().inNamespace(ns).withName("ring").get().getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels()).containsEntry("team", "search");
        assertThat(template.getSpec().getNodeSelector()).containsEntry("disk", "ssd");
        assertThat(template.getSpec().getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated");
        assertThat(template.getSpec().getContainers().get(0).getCommand()).isNullOrEmpty();
        assertThat(client.resources(MapReduceCluster.class).inNamespace(ns).withName("ring").get().getStatus().ignoredTemplateFields)
                .containsExactly("template.spec.containers[node].command");
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("TemplateIgnored");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("template.spec.containers[node].command");
        });

        // The secret key went to the nodes' environment and nowhere a user reads.
        MapReduceJob done = client.resources(MapReduceJob.class).inNamespace(ns).withName("streaming").get();
        assertThat(client.getKubernetesSerialization().asJson(done)).doesNotContain(S3ProxyServer.SECRET);
        assertThat(client.v1().events().inNamespace(ns).list().getItems()).noneMatch(e -> String.valueOf(e.getMessage())
                .contains(S3ProxyServer.SECRET));
        StringBuilder logs = new StringBuilder();
        for (String pod : kubelet.podNames()) {
            logs.append(Files.readString(kubelet.log(pod)));
        }
        assertThat(logs).contains("accepted job", "committed 2 parts and _SUCCESS to s3://out/wc/").doesNotContain(S3ProxyServer.SECRET);
    }

    private static FileSpec file(String dataset, String name) {
        FileSpec f = new FileSpec();
        f.setDataset(dataset);
        f.setName(name);
        return f;
    }

    private static boolean ready(MapReduceCluster c) {
        return c != null && c.getStatus() != null && c.getStatus().members.size() == 3
                && Conditions.isTrue(c.getStatus().conditions, "Ready");
    }
}
