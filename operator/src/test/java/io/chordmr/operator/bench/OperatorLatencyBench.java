package io.chordmr.operator.bench;

import io.chordmr.manifest.JobSpec;
import io.chordmr.client.JobState;
import io.chordmr.client.NodeApi;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceClusterSpec;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.dependent.TokenSecretDependent;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * How long a small job takes through the operator, against the same job submitted straight to a
 * node: the operator's own overhead (informer, status polling, patches). Mock API server, three
 * in-process nodes (the test harness), the shipped word-count example, the operator's default
 * 2 s poll. Run:
 * {@code mvn -q -pl operator exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.chordmr.operator.bench.OperatorLatencyBench}
 */
public final class OperatorLatencyBench {

    private static final String NS = "bench";

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        TestOperator.installCrds(client);
        Kubelet kubelet = new Kubelet(client, NS);
        NodeClient nodes = new NodeClient(kubelet.addresses());
        Operator operator = TestOperator.start(client, nodes, Duration.ofSeconds(2));
        try {
            MapReduceCluster cluster = new MapReduceCluster();
            cluster.setMetadata(new ObjectMetaBuilder().withName("ring").withNamespace(NS).build());
            cluster.setSpec(new MapReduceClusterSpec());
            cluster.getSpec().replicas = 3;
            client.resource(cluster).create();
            until(() -> {
                MapReduceCluster c = client.resources(MapReduceCluster.class).inNamespace(NS).withName("ring").get();
                return c.getStatus() != null && c.getStatus().conditions.stream()
                        .anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
            });
            MapReduceCluster live = client.resources(MapReduceCluster.class).inNamespace(NS).withName("ring").get();
            String token = TokenSecretDependent.tokenOf(client.secrets().inNamespace(NS).withName("ring-token").get());
            JobSpec spec;
            try (InputStream in = Files.newInputStream(Path.of("..", "examples", "word-count.yaml"))) {
                spec = client.getKubernetesSerialization().unmarshal(in, MapReduceJob.class).getSpec();
            }

            List<Long> viaOperator = new ArrayList<>();
            List<Long> direct = new ArrayList<>();
            for (int i = -3; i < runs; i++) { // three warm-up rounds
                MapReduceJob job = new MapReduceJob();
                job.setMetadata(new ObjectMetaBuilder().withName("wc-" + (i + 3)).withNamespace(NS).build());
                job.setSpec(spec);
                long t0 = System.nanoTime();
                client.resource(job).create();
                until(() -> {
                    MapReduceJob j = client.resources(MapReduceJob.class).inNamespace(NS).withName(job.getMetadata().getName()).get();
                    return j.getStatus() != null && "Succeeded".equals(j.getStatus().phase);
                });
                long op = System.nanoTime() - t0;

                String id = UUID.randomUUID().toString();
                long t1 = System.nanoTime();
                NodeApi api = nodes.forCluster(live, token, 3);
                api.submit(id, "direct", spec);
                until(() -> api.job(id).map(s -> s.state() == JobState.SUCCEEDED).orElse(false));
                long dir = System.nanoTime() - t1;
                if (i >= 0) {
                    viaOperator.add(op);
                    direct.add(dir);
                }
            }
            System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d runs of examples/word-count.yaml on 3 in-process nodes%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), runs);
            System.out.printf(Locale.ROOT, "through the operator (create -> status Succeeded): median %s, p95 %s%n",
                    ms(percentile(viaOperator, 50)), ms(percentile(viaOperator, 95)));
            System.out.printf(Locale.ROOT, "straight to a node (POST /jobs -> GET says Succeeded): median %s, p95 %s%n",
                    ms(percentile(direct, 50)), ms(percentile(direct, 95)));
        } finally {
            operator.stop();
            kubelet.close();
            client.close();
            server.destroy();
        }
    }

    /** Polls every 5 ms: the measurement's resolution, not a test's wait. */
    private static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(5);
        }
    }

    private static long percentile(List<Long> xs, int p) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
