package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.chordmr.operator.reconciler.JobFixtures.condition;
import static io.chordmr.operator.reconciler.JobFixtures.corpus;
import static io.chordmr.operator.reconciler.JobFixtures.count;
import static io.chordmr.operator.reconciler.JobFixtures.percent;
import static io.chordmr.operator.reconciler.JobFixtures.reason;

import io.chordmr.client.JobState;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.operator.client.NodeClient;
import io.chordmr.operator.crd.MapReduceCluster;
import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.harness.Kubelet;
import io.chordmr.operator.harness.TestOperator;
import io.chordmr.operator.testjobs.ChattyMapper;
import io.chordmr.operator.testjobs.GatedWordCountMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs that end and jobs that wait, against the mock API server with real nodes: deadlines,
 * suspend and resume, the Finished condition, and a status that stays small whatever the job says.
 */
@EnableKubernetesMockClient(crud = true)
class JobLifecycleIT {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration LONG = Duration.ofSeconds(180);
    static KubernetesClient client;

    private String ns;
    private JobFixtures fx;
    private Kubelet kubelet;
    private Operator operator;

    @BeforeEach
    void start() {
        GatedWordCountMapper.open();
        ns = "lifecycle-" + NAMESPACES.incrementAndGet();
        fx = new JobFixtures(client, ns);
        TestOperator.installCrds(client);
        kubelet = new Kubelet(client, ns);
        operator = TestOperator.start(client, new NodeClient(kubelet.addresses()), Duration.ofMillis(500));
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
    void aJobWhoseClusterNeverAppearsFailsAtItsDeadlineAndIsFinished() {
        MapReduceJob job = fx.gatedJob("stranded", "nowhere", corpus(10, 1));
        job.getSpec().setActiveDeadlineSeconds(3L);
        MapReduceJob created = client.resource(job).create();
        await().atMost(LONG).until(() -> reason(fx.job("stranded"), "Failed").equals("DeadlineExceeded"));

        MapReduceJob failed = fx.job("stranded");
        assertThat(failed.getStatus().phase).isEqualTo("Failed");
        assertThat(failed.getStatus().message).contains("spec.activeDeadlineSeconds (3 s after its creation)", "it never started");
        Instant createdAt = Instant.parse(created.getMetadata().getCreationTimestamp());
        assertThat(Instant.parse(failed.getStatus().completionTime)).isAfterOrEqualTo(createdAt.plusSeconds(3));
        assertThat(condition(failed, "Finished").getStatus()).isEqualTo("True");
        assertThat(condition(failed, "Finished").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(fx.eventReasons("stranded")).contains("WaitingForCluster", "DeadlineExceeded");
    }

    @Test
    void aRunningJobPastItsDeadlineIsCancelledOnTheRingAndFails() {
        fx.createCluster("demo", 3);
        GatedWordCountMapper.hold();
        MapReduceJob job = client.resource(fx.gatedJob("late", "demo", corpus(600, 2))).create();
        String id = job.getMetadata().getUid();
        await().atMost(LONG).until(() -> percent(fx.job("late")) > 0);
        ChordMrNode any = kubelet.pods().values().iterator().next();
        assertThat(any.datasets().meta(id + "-input")).isNotNull();

        // The deadline may change after creation: two seconds from now, counted from creation.
        long age = Duration.between(Instant.parse(job.getMetadata().getCreationTimestamp()), Instant.now()).toSeconds();
        edit("late", s -> s.setActiveDeadlineSeconds(age + 2));
        await().atMost(LONG).until(() -> reason(fx.job("late"), "Failed").equals("DeadlineExceeded"));

        MapReduceJob failed = fx.job("late");
        assertThat(failed.getStatus().message).contains("cancelled on MapReduceCluster 'demo'");
        assertThat(condition(failed, "Finished").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(any.engine().jobs().status(id).state()).isEqualTo(JobState.CANCELLED);
        await().atMost(LONG).until(() -> kubelet.pods().values().stream()
                .noneMatch(n -> Files.exists(n.config().dataDir().resolve("mr").resolve(id))));
        await().atMost(LONG).until(() -> any.datasets().meta(id + "-input") == null);
    }

    @Test
    void aJobCreatedSuspendedWaitsUnsubmittedThenRunsSuspendsMidMapAndResumesToAnExactResult() throws IOException {
        fx.createCluster("demo", 3);
        List<String> lines = corpus(600, 3);
        MapReduceJob job = fx.gatedJob("queued", "demo", lines);
        job.getSpec().setSuspend(true);
        String id = client.resource(job).create().getMetadata().getUid();
        await().atMost(LONG).until(() -> reason(fx.job("queued"), "Suspended").equals("Suspended"));
        assertThat(fx.job("queued").getStatus().phase).isEqualTo("Suspended");
        assertThat(fx.job("queued").getStatus().message).contains("not submitted");
        await().atMost(LONG).until(() -> Conditions.isTrue(fx.cluster("demo").getStatus().conditions, "Ready"));
        ChordMrNode any = kubelet.pods().values().iterator().next();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> any.engine().jobs().status(id) == null);

        // Resumed: submitted, and held mid-map by the gate.
        GatedWordCountMapper.hold();
        edit("queued", s -> s.setSuspend(false));
        await().atMost(LONG).until(() -> percent(fx.job("queued")) > 0);
        assertThat(condition(fx.job("queued"), "Suspended").getStatus()).isEqualTo("False");
        assertThat(condition(fx.job("queued"), "Suspended").getReason()).isEqualTo("Resumed");
        int total = fx.job("queued").getStatus().maps.total;

        // Suspended while maps run: those finish once let go, no other map starts.
        edit("queued", s -> s.setSuspend(true));
        await().atMost(LONG).until(() -> "Suspended".equals(fx.job("queued").getStatus().phase));
        assertThat(any.engine().jobs().status(id).suspended()).isTrue();
        GatedWordCountMapper.open();
        await().atMost(LONG).until(() -> fx.job("queued").getStatus().maps.running == 0);
        MapReduceJobStatus still = fx.job("queued").getStatus();
        assertThat(still.maps.succeeded).isPositive().isLessThan(total);
        long inputRecords = still.counters.get("mapInputRecords");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> {
            MapReduceJobStatus s = fx.job("queued").getStatus();
            return s.maps.succeeded == still.maps.succeeded && s.maps.running == 0 && s.counters.get("mapInputRecords") == inputRecords;
        });

        edit("queued", s -> s.setSuspend(false));
        await().atMost(LONG).until(() -> Conditions.isTrue(fx.job("queued").getStatus().conditions, "Succeeded"));
        MapReduceJob done = fx.job("queued");
        assertThat(condition(done, "Finished").getReason()).isEqualTo("Completed");
        assertThat(condition(done, "Suspended").getStatus()).isEqualTo("False");
        assertThat(fx.eventReasons("queued")).contains("Suspended", "Resumed", "Succeeded");
        assertThat(JobFixtures.readOutput(done.getStatus().output.dataset, any)).isEqualTo(count(lines));
    }

    @Test
    void aJobWithTenThousandCountersAndMegabyteLinesKeepsItsStatusSmall() throws IOException {
        fx.createCluster("demo", 3);
        MapReduceJob job = fx.gatedJob("chatty", "demo", corpus(25, 4));
        job.getSpec().setMapper(StepSpec.ofClass(ChattyMapper.class.getName()));
        job.getSpec().getSplit().setRecords(5L);
        client.resource(job).create();
        await().atMost(LONG).until(() -> fx.job("chatty") != null && fx.job("chatty").getStatus() != null
                && Conditions.isTrue(fx.job("chatty").getStatus().conditions, "Finished"));

        MapReduceJob done = fx.job("chatty");
        MapReduceJobStatus s = done.getStatus();
        assertThat(s.phase).as(s.message).isEqualTo("Succeeded");
        byte[] json = client.getKubernetesSerialization().asJson(done).getBytes(StandardCharsets.UTF_8);
        assertThat(json.length).as("the whole resource, as stored").isLessThan(64 << 10);
        long user = s.counters.keySet().stream().filter(k -> k.startsWith("chatty.")).count();
        assertThat(user).isEqualTo(StatusLimits.USER_COUNTERS);
        assertThat(s.omittedCounters).isEqualTo(ChattyMapper.COUNTERS + 1 - StatusLimits.USER_COUNTERS);
        assertThat(s.counters).containsKeys("mapInputRecords", "reduceOutputRecords");
        assertThat(s.output.records).isEqualTo(25);
        int previewBytes = s.output.preview.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
        assertThat(previewBytes).isPositive().isLessThanOrEqualTo(StatusLimits.PREVIEW_BYTES);
        assertThat(s.output.preview.get(0)).startsWith("xxxxxxxx").endsWith("…");
        // The ring keeps everything: the full counters are a GET /jobs/{id} away.
        ChordMrNode any = kubelet.pods().values().iterator().next();
        assertThat(any.engine().jobs().status(done.getMetadata().getUid()).counters()).containsEntry("chatty.lines", 25L);
    }

    // --- helpers

    private void edit(String name, Consumer<JobSpec> change) {
        client.resources(MapReduceJob.class).inNamespace(ns).withName(name).edit(j -> {
            change.accept(j.getSpec());
            return j;
        });
    }











}
