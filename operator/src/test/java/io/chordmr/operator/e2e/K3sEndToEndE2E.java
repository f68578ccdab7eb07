package io.chordmr.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.dependent.Images;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * On a real Kubernetes (k3s in a container): the images jib built ({@code mvn -Pimages,e2e verify}),
 * {@code manifests/} installed as {@code kubectl apply -k} would, the example cluster (three pods
 * here) and the word-count example run to Succeeded with the right preview. Needs a Docker engine;
 * without one it is skipped and says so. Not part of the default run.
 */
class K3sEndToEndE2E {

    private static final Path ROOT = Path.of("..");

    @Test
    void theWordCountExampleSucceedsOnK3s() throws Exception {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "skipped: no Docker engine here; the k3s end-to-end test runs k3s in a container and loads the images into it");
        Path nodeTar = ROOT.resolve("node-image/target/jib-image.tar");
        Path operatorTar = ROOT.resolve("operator/target/jib-image.tar");
        assertThat(nodeTar).as("build the images first: mvn -Pimages,e2e verify").exists();
        assertThat(operatorTar).exists();

        try (K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"))) {
            k3s.start();
            for (Path tar : List.of(nodeTar, operatorTar)) {
                k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
                var imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
                assertThat(imported.getExitCode()).as(imported.getStderr()).isZero();
            }
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
                for (HasMetadata o : manifests(client)) {
                    client.resource(o).serverSideApply();
                }
                await().atMost(Duration.ofMinutes(5)).until(() -> client.apps().deployments().inNamespace("chordmr-system")
                        .withName("chordmr-operator").isReady());

                MapReduceCluster cluster = load(client, "cluster.yaml", MapReduceCluster.class);
                cluster.getSpec().replicas = 3;
                cluster.getSpec().resources = null;
                client.resource(cluster).inNamespace("default").create();
                MapReduceJob job = load(client, "word-count.yaml", MapReduceJob.class);
                client.resource(job).inNamespace("default").create();

                await().atMost(Duration.ofMinutes(10)).until(() -> {
                    MapReduceJob j = client.resources(MapReduceJob.class).inNamespace("default").withName("word-count").get();
                    return j.getStatus() != null && "Succeeded".equals(j.getStatus().phase);
                });
                MapReduceJob done = client.resources(MapReduceJob.class).inNamespace("default").withName("word-count").get();
                Map<String, Long> expected = new HashMap<>();
                job.getSpec().getInput().getLines().forEach(l -> Stream.of(l.trim().split("\\s+")).forEach(w -> expected.merge(w, 1L, Long::sum)));
                Map<String, Long> preview = new HashMap<>();
                done.getStatus().output.preview.forEach(l -> preview.put(l.split("\t")[0], Long.parseLong(l.split("\t")[1])));
                assertThat(preview).isEqualTo(expected);
                assertThat(client.apps().statefulSets().inNamespace("default").withName("ring").get().getSpec().getTemplate()
                        .getSpec().getContainers().get(0).getImage()).isEqualTo(Images.node());
            }
        }
    }

    private static List<HasMetadata> manifests(KubernetesClient client) throws Exception {
        List<HasMetadata> out = new java.util.ArrayList<>();
        for (String f : List.of("crds/mapreduceclusters.chordmr.io-v1.yml", "crds/mapreducejobs.chordmr.io-v1.yml", "manifests/namespace.yaml",
                "manifests/serviceaccount.yaml", "manifests/rbac.yaml", "manifests/deployment.yaml", "manifests/networkpolicy.yaml")) {
            try (InputStream in = Files.newInputStream(ROOT.resolve(f))) {
                out.addAll(client.load(in).items());
            }
        }
        return out;
    }

    private static <T> T load(KubernetesClient client, String example, Class<T> type) throws Exception {
        try (InputStream in = Files.newInputStream(ROOT.resolve("examples").resolve(example))) {
            return client.getKubernetesSerialization().unmarshal(in, type);
        }
    }
}
