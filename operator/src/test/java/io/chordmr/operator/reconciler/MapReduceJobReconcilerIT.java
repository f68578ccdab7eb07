package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.chordmr.operator.reconciler.JobFixtures.condition;
import static io.chordmr.operator.reconciler.JobFixtures.corpus;
import static io.chordmr.operator.reconciler.JobFixtures.count;
import static io.chordmr.operator.reconciler.JobFixtures.percent;
import static io.chordmr.operator.reconciler.JobFixtures.reason;

import io.chordmr.manifest.StepSpec;
import io.chordmr.client.JobState;
import io.chordmr.node.ChordMrNode;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.chordmr.operator.testjobs.ExitingMapper;
import io.chordmr.operator.testjobs.GatedWordCountMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The job reconciler end to end against fabric8's mock API server in CRUD mode: the real operator,
 * real nodes playing the pods ({@link Kubelet}), results checked against a plain count.
 */
@EnableKubernetesMockClient(crud = true)
class MapReduceJobReconcilerIT {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration LONG = Duration.ofSeconds(180);
    static KubernetesClient client;

    private String ns;
    private JobFixtures fx;
    private Kubelet kubelet;
    private NodeClient nodes;
    private Operator operator;

    @BeforeEach
    void start() {
        GatedWordCountMapper.open();
        ns = "jobs-" + NAMESPACES.incrementAndGet();
        fx = new JobFixtures(client, ns);
        TestOperator.installCrds(client);
        kubelet = new Kubelet(client, ns);
        nodes = new NodeClient(kubelet.addresses());
        operator = TestOperator.start(client, nodes, Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        GatedWordCountMapper.open();
        if (operator != null) {
            operator.stop();
        }
        kubelet.close();
    }

    @Test
    void theExampleWaitsForItsClusterThenSucceedsWithAPreviewOfItsResult() throws IOException {
        MapReduceJob job = client.resource(load("word-count.yaml", MapReduceJob.class)).create();
        await().atMost(LONG).until(() -> reason(fx.job("word-count"), "Running").equals("WaitingForCluster"));
        assertThat(fx.job("word-count").getStatus().phase).isEqualTo("Pending");
        assertThat(fx.job("word-count").getStatus().message).contains("no MapReduceCluster named 'ring'");

        client.resource(load("cluster.yaml", MapReduceCluster.class)).create();
        awaitSucceeded("word-count");

        MapReduceJob done = fx.job("word-count");
        Map<String, Long> expected = count(job.getSpec().getInput().getLines());
        var s = done.getStatus();
        assertThat(s.phase).isEqualTo("Succeeded");
        assertThat(s.progress).isEqualTo("100%");
        assertThat(s.maps.summary).isEqualTo(s.maps.total + "/" + s.maps.total);
        assertThat(s.reduces.summary).isEqualTo("2/2");
        assertThat(s.counters).containsEntry("mapInputRecords", 3L).containsEntry("reduceOutputRecords", (long) expected.size());
        assertThat(s.output.records).isEqualTo(expected.size());
        assertThat(s.output.dataset).isEqualTo(done.getMetadata().getUid() + "-output");
        assertThat(JobFixtures.parse(s.output.preview)).isEqualTo(expected);
        assertThat(s.startTime).isNotNull();
        assertThat(s.completionTime).isGreaterThanOrEqualTo(s.startTime);
        assertThat(s.observedGeneration).isEqualTo(done.getMetadata().getGeneration());
        assertThat(condition(done, "Running").getStatus()).isEqualTo("False");
        assertThat(condition(done, "Succeeded").getObservedGeneration()).isEqualTo(done.getMetadata().getGeneration());
        assertThat(fx.eventReasons("word-count")).contains("WaitingForCluster", "Submitted", "Succeeded");
        assertThat(readOutput(s.output.dataset)).isEqualTo(expected);
    }

    @Test
    void progressRisesWhileTheJobRunsAndTheResultIsExact() throws IOException {
        fx.createCluster("demo", 3);
        List<String> lines = corpus(600, 1);
        GatedWordCountMapper.hold();
        client.resource(fx.gatedJob("gated", "demo", lines)).create();
        await().atMost(LONG).until(() -> percent(fx.job("gated")) > 0 && percent(fx.job("gated")) < 100);
        MapReduceJob mid = fx.job("gated");
        assertThat(mid.getStatus().phase).isEqualTo("Running");
        assertThat(condition(mid, "Running").getStatus()).isEqualTo("True");
        assertThat(mid.getStatus().maps.running).isPositive();
        assertThat(mid.getStatus().maps.succeeded).isZero();

        GatedWordCountMapper.open();
        awaitSucceeded("gated");
        assertThat(readOutput(fx.job("gated").getStatus().output.dataset)).isEqualTo(count(lines));
        assertThat(fx.eventReasons("gated")).contains("Submitted", "Started", "Succeeded");
    }

    enum ScaleBy { CLUSTER_SCALE_SUBRESOURCE, STATEFULSET }

    @ParameterizedTest
    @EnumSource(ScaleBy.class)
    void scalingFromThreeToFiveDuringAJobAddsWorkersAndIsNotReverted(ScaleBy how) throws IOException {
        List<String> lines = corpus(600, 2);
        heldJob("scaled", lines);

        if (how == ScaleBy.CLUSTER_SCALE_SUBRESOURCE) {
            client.resources(MapReduceCluster.class).inNamespace(ns).withName("demo").scale(5);
        } else {
            StatefulSet sts = sts("demo");
            sts.getSpec().setReplicas(5);
            client.apps().statefulSets().inNamespace(ns).resource(sts).update();
        }
        await().atMost(LONG).until(() -> kubelet.pods().size() == 5
                && kubelet.pods().values().stream().allMatch(n -> n.ring().isMember() && n.ring().members(16).size() == 5));
        await().atMost(LONG).until(() -> fx.cluster("demo").getStatus().replicas == 5 && fx.cluster("demo").getStatus().readyReplicas == 5);

        GatedWordCountMapper.open();
        awaitSucceeded("scaled");
        assertThat(readOutput(fx.job("scaled").getStatus().output.dataset)).isEqualTo(count(lines));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> sts("demo").getSpec().getReplicas() == 5 && kubelet.pods().size() == 5);
        assertThat(fx.cluster("demo").getSpec().replicas).isEqualTo(how == ScaleBy.STATEFULSET ? 3 : 5);
    }

    @Test
    void aPodKilledMidJobStillGivesTheExactResult() throws IOException {
        List<String> lines = corpus(600, 3);
        heldJob("survivor", lines);

        kubelet.kill("demo-1");
        GatedWordCountMapper.open();
        awaitSucceeded("survivor");
        assertThat(readOutput(fx.job("survivor").getStatus().output.dataset)).isEqualTo(count(lines));
    }

    @Test
    void anOperatorRestartedMidJobFollowsTheSameJobWithoutSubmittingItAgain() throws IOException {
        List<String> lines = corpus(600, 4);
        heldJob("steady", lines);
        String startTime = fx.job("steady").getStatus().startTime;

        operator.stop();
        operator = TestOperator.start(client, nodes, Duration.ofMillis(500));
        GatedWordCountMapper.open();
        awaitSucceeded("steady");

        MapReduceJob done = fx.job("steady");
        assertThat(done.getStatus().startTime).isEqualTo(startTime);
        assertThat(fx.eventReasons("steady").stream().filter(r -> r.equals("Submitted") || r.equals("Resubmitted"))).containsExactly("Submitted");
        ChordMrNode any = kubelet.pods().values().iterator().next();
        assertThat(any.engine().jobs().list()).extracting(j -> j.id()).containsExactly(done.getMetadata().getUid());
        assertThat(readOutput(done.getStatus().output.dataset)).isEqualTo(count(lines));
    }

    @Test
    void deletingARunningJobCancelsItAndRemovesItsIntermediateData() {
        List<String> lines = corpus(600, 5);
        MapReduceJob job = heldJob("doomed", lines);
        String id = job.getMetadata().getUid();
        ChordMrNode any = kubelet.pods().values().iterator().next();
        assertThat(any.datasets().meta(id + "-input")).isNotNull();

        client.resource(fx.job("doomed")).delete();
        await().atMost(LONG).until(() -> fx.job("doomed") == null);
        assertThat(any.engine().jobs().status(id).state()).isEqualTo(JobState.CANCELLED);
        await().atMost(LONG).until(() -> kubelet.pods().values().stream()
                .noneMatch(n -> Files.exists(n.config().dataDir().resolve("mr").resolve(id))));
        await().atMost(LONG).until(() -> any.datasets().meta(id + "-input") == null);
        assertThat(any.datasets().meta(id + "-output")).isNull();
    }

    @Test
    void anInvalidJobFailsWithInvalidSpecAndAnEventAndDisturbsNothingElse() throws IOException {
        fx.createCluster("demo", 3);
        await().atMost(LONG).until(() -> fx.cluster("demo").getStatus() != null
                && Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready"));
        MapReduceJob bad = fx.gatedJob("bad", "demo", List.of("a b"));
        bad.getSpec().setReduces(0);
        bad.getSpec().setMapper(null);
        client.resource(bad).create();
        List<String> lines = corpus(50, 6);
        MapReduceJob good = fx.gatedJob("good", "demo", lines);
        good.getSpec().setTtlSecondsAfterFinished(2);
        String goodId = client.resource(good).create().getMetadata().getUid();

        await().atMost(LONG).until(() -> reason(fx.job("bad"), "Failed").equals("InvalidSpec"));
        MapReduceJob failed = fx.job("bad");
        assertThat(failed.getStatus().phase).isEqualTo("Failed");
        assertThat(failed.getStatus().message).contains("spec.reduces must be between 1 and 10000, got 0")
                .contains("spec.mapper is missing");
        assertThat(condition(failed, "Failed").getStatus()).isEqualTo("True");
        List<Event> warnings = fx.events("bad").stream().filter(e -> e.getReason().equals("InvalidSpec")).toList();
        assertThat(warnings).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("spec.reduces").contains("spec.mapper");
        });

        // The other job runs to the end and goes away after its TTL; the bad one is never retried.
        await().atMost(LONG).until(() -> fx.eventReasons("good").contains("Succeeded"));
        await().atMost(LONG).until(() -> fx.job("good") == null);
        String resourceVersion = fx.job("bad").getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> fx.job("bad").getMetadata().getResourceVersion().equals(resourceVersion));
        assertThat(fx.events("bad")).hasSize(warnings.size());
        ChordMrNode any = kubelet.pods().values().iterator().next();
        assertThat(any.engine().jobs().list()).extracting(j -> j.id()).doesNotContain(failed.getMetadata().getUid());
        // Deleting a finished job removes its record from the ring; its output stays.
        await().atMost(LONG).until(() -> any.engine().jobs().status(goodId) == null);
        assertThat(JobFixtures.readOutput(goodId + "-output", any)).isEqualTo(count(lines));
        assertThat(Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready")).isTrue();
    }

    @Test
    void aPoisonJobFailsWithItsCauseWhileTheClusterStaysReady() {
        fx.createCluster("demo", 3);
        await().atMost(LONG).until(() -> fx.cluster("demo").getStatus() != null
                && Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready"));
        List<Boolean> readiness = java.util.Collections.synchronizedList(new ArrayList<>());
        MapReduceJob poison = fx.gatedJob("poison", "demo", corpus(40, 7));
        poison.getSpec().setMapper(StepSpec.ofClass(ExitingMapper.class.getName()));
        poison.getSpec().setMaxAttempts(2);
        client.resource(poison).create();

        await().atMost(LONG).until(() -> {
            readiness.add(Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready"));
            return reason(fx.job("poison"), "Failed").equals("JobFailed");
        });
        MapReduceJob failed = fx.job("poison");
        assertThat(failed.getStatus().phase).isEqualTo("Failed");
        assertThat(failed.getStatus().message).contains("failed 2 times", "task process exited with code 3");
        assertThat(condition(failed, "Failed").getMessage()).contains("task process exited with code 3");
        assertThat(fx.events("poison")).anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("task process exited with code 3");
        });
        assertThat(readiness).isNotEmpty().containsOnly(true);
        assertThat(kubelet.pods().values()).hasSize(3).allSatisfy(n -> assertThat(n.ring().isMember()).isTrue());
        await().atMost(LONG).until(() -> Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready"));
    }

    // --- helpers

    /** A three-node cluster running a gated word count held mid-map: maps running, progress above 0. */
    private MapReduceJob heldJob(String name, List<String> lines) {
        fx.createCluster("demo", 3);
        GatedWordCountMapper.hold();
        MapReduceJob job = client.resource(fx.gatedJob(name, "demo", lines)).create();
        await().atMost(LONG).until(() -> percent(fx.job(name)) > 0);
        return job;
    }



    private <T extends HasMetadata> T load(String example, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("..", "examples", example))) {
            T r = client.getKubernetesSerialization().unmarshal(in, type);
            r.getMetadata().setNamespace(ns);
            return r;
        }
    }

    private void awaitSucceeded(String name) {
        await().atMost(LONG).until(() -> {
            MapReduceJob j = fx.job(name);
            if (j != null && j.getStatus() != null && "Failed".equals(j.getStatus().phase)) {
                throw new AssertionError("job " + name + " failed: " + j.getStatus().message);
            }
            return j != null && Conditions.isTrue(j.getStatus() == null ? null : j.getStatus().conditions, "Succeeded");
        });
    }



    private StatefulSet sts(String name) {
        return client.apps().statefulSets().inNamespace(ns).withName(name).get();
    }






    /** The job's whole output as any node reads it. */
    private Map<String, Long> readOutput(String dataset) throws IOException {
        return JobFixtures.readOutput(dataset, kubelet.pods().values().iterator().next());
    }




}
