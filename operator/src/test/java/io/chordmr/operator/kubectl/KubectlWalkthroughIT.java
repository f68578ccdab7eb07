package io.chordmr.operator.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.node.PrometheusText;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Kubernetes walkthrough, typed into the real {@code kubectl} against fabric8's mock
 * API server (with the discovery and OpenAPI documents kubectl asks for, {@link Discovery}), the
 * real operator and the kubelet harness's nodes. Each command is checked by its effect. The mock
 * server renders no Table, so {@code kubectl get} shows only names; the printer columns it would
 * show are checked in the CRD instead.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubectlWalkthroughIT {

    private static final Duration LONG = Duration.ofSeconds(240);
    private static final Path ROOT = Path.of("..");
    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path home;
    private Path kubectl;
    private Path kubeconfig;
    private Kubelet kubelet;
    private Operator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void theReadmeWalkthroughDoesWhatItSays() throws Exception {
        kubectl = PrometheusText.onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not installed (.ci/run installs Debian's kubernetes-client)");
        int minor = clientMinorVersion();
        // Older clients validate with the OpenAPI v2 document in protobuf, which the test does not serve.
        assumeTrue(minor >= 27, "kubectl 1." + minor + " is older than 1.27, the first to take OpenAPI v3 for apply");
        List<Discovery.Resource> types = new ArrayList<>(Discovery.BUILT_IN);
        for (String f : List.of("mapreduceclusters.chordmr.io-v1.yml", "mapreducejobs.chordmr.io-v1.yml")) {
            types.addAll(Discovery.of(client.getKubernetesSerialization().unmarshal(Files.readString(ROOT.resolve("crds").resolve(f)),
                    CustomResourceDefinition.class)));
        }
        Discovery.serve(server, types);
        kubeconfig = Files.writeString(home.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: tester, user: {token: mock}}]
                contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: default}}]
                current-context: mock
                """.formatted(client.getMasterUrl().toString().replaceAll("/$", "")));

        // kubectl apply -k manifests/: the CRDs and the operator's objects.
        kubectl("apply", "-k", "manifests/");
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("mapreducejobs.chordmr.io").get()).isNotNull();
        assertThat(client.apps().deployments().inNamespace("chordmr-system").withName("chordmr-operator").get()).isNotNull();
        assertThat(client.rbac().clusterRoles().withName("chordmr-operator").get()).isNotNull();
        // The operator itself runs here, in this JVM, as the Deployment would run it; the harness plays the kubelet.
        kubelet = new Kubelet(client, "default");
        operator = TestOperator.start(client, new NodeClient(kubelet.addresses()), Duration.ofMillis(500));

        // kubectl apply -f examples/cluster.yaml; kubectl get mrc
        kubectl("apply", "-f", "examples/cluster.yaml");
        await().atMost(LONG).until(() -> kubelet.pods().size() == 5 && ready(cluster("ring")));
        assertThat(kubectl("get", "mrc")).contains("ring");
        CustomResourceDefinition mrc = client.apiextensions().v1().customResourceDefinitions().withName("mapreduceclusters.chordmr.io").get();
        assertThat(mrc.getSpec().getVersions().get(0).getAdditionalPrinterColumns()).extracting(c -> c.getName().toUpperCase())
                .contains("READY", "REPLICAS", "RING");

        // kubectl apply -f examples/word-count.yaml; kubectl wait --for=condition=Finished; the preview
        kubectl("apply", "-f", "examples/word-count.yaml");
        kubectl("wait", "--for=condition=Finished", "mrj/word-count", "--timeout=240s");
        assertThat(kubectl("get", "mrj", "word-count", "-o", "jsonpath={.status.phase}")).isEqualTo("Succeeded");
        List<String> preview = new ObjectMapper().readValue(kubectl("get", "mrj", "word-count", "-o", "jsonpath={.status.output.preview}"),
                new TypeReference<>() { });
        assertThat(counts(preview)).isEqualTo(countWords(ROOT.resolve("examples/word-count.yaml")));

        // kubectl wait --for=condition=Finished also returns for a job that failed.
        kubectlWithInput("""
                apiVersion: chordmr.io/v1alpha1
                kind: MapReduceJob
                metadata: {name: doomed}
                spec:
                  cluster: ring
                  input: {lines: [a b, c]}
                  mapper: {class: io.chordmr.examples.NoSuchMapper}
                  reducer: {class: io.chordmr.examples.SumReducer}
                """, "apply", "-f", "-");
        kubectl("wait", "--for=condition=Finished", "mrj/doomed", "--timeout=240s");
        assertThat(kubectl("get", "mrj", "doomed", "-o", "jsonpath={.status.phase}")).isEqualTo("Failed");

        // kubectl scale mrc/ring --replicas=6: through the CRD's scale subresource, to the StatefulSet and a sixth node.
        serveScale("ring");
        kubectl("scale", "mrc/ring", "--replicas=6");
        await().atMost(LONG).until(() -> client.apps().statefulSets().inNamespace("default").withName("ring").get().getSpec().getReplicas() == 6
                && kubelet.pods().size() == 6);
        assertThat(cluster("ring").getSpec().replicas).isEqualTo(6);

        // kubectl delete mrj word-count: the operator lets it go (its finalizer) and the ring forgets it.
        String uid = job("word-count").getMetadata().getUid();
        kubectl("delete", "mrj", "word-count", "--timeout=240s");
        await().atMost(LONG).until(() -> job("word-count") == null);
        assertThat(kubelet.pods().values().iterator().next().engine().jobs().status(uid)).isNull();
    }

    /**
     * The mock server answers a custom resource's {@code /scale} with the resource itself, which
     * kubectl cannot read as a Scale: here it takes kubectl's merge patch of {@code spec.replicas},
     * applies it to the cluster as the API server's scale subresource would, and answers a Scale.
     */
    private static void serveScale(String name) {
        String path = "/apis/chordmr.io/v1alpha1/namespaces/default/mapreduceclusters/" + name + "/scale";
        ObjectMapper json = new ObjectMapper();
        server.expect().patch().withPath(path).andReply(200, request -> {
            try {
                int replicas = json.readTree(request.getUtf8Body()).path("spec").path("replicas").asInt();
                // Written after this answer: the mock server would wait on itself if asked from inside its own reply.
                CompletableFuture.runAsync(() -> client.resources(MapReduceCluster.class).inNamespace("default").withName(name)
                        .edit(c -> {
                            c.getSpec().replicas = replicas;
                            return c;
                        }));
                return json.writeValueAsString(Map.of("kind", "Scale", "apiVersion", "autoscaling/v1",
                        "metadata", Map.of("name", name, "namespace", "default"), "spec", Map.of("replicas", replicas)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).always();
    }

    private static boolean ready(MapReduceCluster c) {
        return c != null && c.getStatus() != null && c.getStatus().conditions.stream()
                .anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
    }

    private static MapReduceCluster cluster(String name) {
        return client.resources(MapReduceCluster.class).inNamespace("default").withName(name).get();
    }

    private static MapReduceJob job(String name) {
        return client.resources(MapReduceJob.class).inNamespace("default").withName(name).get();
    }

    private int clientMinorVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(kubectl.toString(), "version", "--client", "-o", "json").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        String minor = new ObjectMapper().readTree(out).path("clientVersion").path("minor").asText(); // such as "32+"
        return Integer.parseInt(minor.replaceAll("\\D.*", "").isEmpty() ? "0" : minor.replaceAll("\\D.*", ""));
    }

    private String kubectl(String... args) throws IOException, InterruptedException {
        return kubectlWithInput(null, args);
    }

    /** Runs kubectl in the repository's root, as the README's reader would; a non-zero exit fails the test with its output. */
    private String kubectlWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", home.resolve("cache").toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectError(home.resolve("stderr").toFile());
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("kubectl %s finished", String.join(" ", args)).isTrue();
        String err = Files.readString(home.resolve("stderr"));
        assertThat(p.exitValue()).as("kubectl %s\n%s%s", String.join(" ", args), out, err).isZero();
        return out.trim();
    }

    private static Map<String, Long> counts(List<String> lines) {
        Map<String, Long> m = new HashMap<>();
        for (String l : lines) {
            int tab = l.indexOf('\t');
            m.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
        }
        return m;
    }

    /** The example's own input lines, counted by a plain split on whitespace. */
    private static Map<String, Long> countWords(Path example) throws IOException {
        Map<String, Long> m = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^\\s+- (.+)$").matcher(Files.readString(example).split("mapper:")[0]);
        while (line.find()) {
            for (String w : line.group(1).trim().split("\\s+")) {
                m.merge(w, 1L, Long::sum);
            }
        }
        assertThat(m).as("words found in %s", example).isNotEmpty();
        return m;
    }
}
