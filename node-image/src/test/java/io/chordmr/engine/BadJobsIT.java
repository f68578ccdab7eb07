package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.engine.manifest.JobManifest;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs that throw, hang, or are written wrong: clear errors, nothing stored disturbed, nodes stay up. */
class BadJobsIT {

    private static final String TEXT = "alpha beta\ngamma delta\nthis is POISON and HANG\nepsilon alpha\n";
    private static final long BAD_OFFSET = TEXT.indexOf("this is POISON");
    private static TestRing ring;
    private static ChordMrNode node;

    @BeforeAll
    static void start() throws Exception {
        ring = new TestRing().start(3);
        node = ring.any();
        node.datasets().put("text", new ByteArrayInputStream(TEXT.getBytes(StandardCharsets.UTF_8)), Split.records(1), false);
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private static JobStatus run(String id, JobSpec spec) {
        node.engine().jobs().submit(id, id, spec);
        return Jobs.awaitEnd(node, id, Duration.ofSeconds(120));
    }

    private static JobSpec poison(int attempts) {
        JobSpec s = Jobs.spec("text", "io.chordmr.engine.testjobs.PoisonMapper", null, "io.chordmr.examples.SumReducer", 2);
        s.setMaxAttempts(attempts);
        return s;
    }

    @Test
    void aMapperThatThrowsIsRetriedThenFailsTheJobWithItsMessageAndOffset() {
        JobStatus s = run("poison", poison(3));
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).contains("failed 3 times", "cannot digest 'this is POISON and HANG'", "input offset " + BAD_OFFSET);
        assertThat(s.counters().get("failedAttempts")).isEqualTo(3);
        assertThat(node.datasets().meta("poison-output")).isNull();
    }

    @Test
    void skipBadRecordsCountsTheRecordAndSucceeds() throws Exception {
        JobSpec spec = poison(1);
        spec.setSkipBadRecords(true);
        JobStatus s = run("skip", spec);
        assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(s.counters().get("skippedRecords")).isEqualTo(1);
        String withoutBad = TEXT.replace("this is POISON and HANG\n", "");
        assertThat(Jobs.counts(Jobs.outputLines(node, "skip-output"))).isEqualTo(Jobs.countWords(withoutBad.getBytes()));
    }

    @Test
    void aMapperThatNeverReturnsIsKilledAtItsTimeOutAndTheNodesCarryOn() throws Exception {
        JobSpec spec = Jobs.spec("text", "io.chordmr.engine.testjobs.HangingMapper", null, "io.chordmr.examples.SumReducer", 1);
        spec.setTaskTimeoutSeconds(2);
        spec.setMaxAttempts(2);
        JobStatus s = run("hang", spec);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).contains("no progress for 2 s");
        for (ChordMrNode n : ring.nodes()) {
            assertThat(n.ring().isMember()).isTrue();
            n.ring().lookup(42);
        }
        // Slots of the abandoned attempts come back, and the ring still runs jobs.
        await().atMost(Duration.ofSeconds(30)).until(() -> ring.nodes().stream().allMatch(n -> n.engine().worker().runningAttempts() == 0));
        JobStatus after = run("after-hang", Jobs.wordCount("text", 1));
        assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aJobPastItsDeadlineFailsNamingItAndItsAttemptsStop() {
        JobSpec spec = Jobs.spec("text", "io.chordmr.engine.testjobs.HangingMapper", null, "io.chordmr.examples.SumReducer", 1);
        spec.setTaskTimeoutSeconds(3600);
        spec.setActiveDeadlineSeconds(2L);
        JobStatus s = run("overdue", spec);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).contains("past its deadline", "spec.activeDeadlineSeconds is 2 s");
        assertThat(s.endTime() - s.submitTime()).isGreaterThanOrEqualTo(2000);
        await().atMost(Duration.ofSeconds(30)).until(() -> ring.nodes().stream().allMatch(n -> n.engine().worker().runningAttempts() == 0));
        assertThat(node.datasets().meta("overdue-output")).isNull();
    }

    @Test
    void aSuspendedJobStartsNoTaskUntilResumedThenEndsExact() throws Exception {
        // 40 maps of 100 lines, each pausing 300 ms: more maps than slots, and slow enough to suspend mid-phase.
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            b.append("w").append(i % 37).append(" x").append(i % 5).append('\n');
        }
        byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
        node.datasets().put("many", new ByteArrayInputStream(text), Split.records(100), false);
        JobSpec spec = Jobs.spec("many", "io.chordmr.engine.testjobs.SlowMapper", null, "io.chordmr.examples.SumReducer", 1);
        spec.getConfig().put("mapSleepMs", "300");
        node.engine().jobs().submit("paused", "paused", spec);
        JobStatus held = await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> node.engine().jobs().suspend("paused", true), st -> st != null && st.suspended());
        assertThat(held.state()).isEqualTo(JobState.RUNNING);
        // Tasks handed out before the word reached the coordinator finish; none start after.
        await().atMost(Duration.ofSeconds(60)).until(() -> node.engine().jobs().status("paused").maps().running() == 0);
        int done = node.engine().jobs().status("paused").maps().succeeded();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> node.engine().jobs().status("paused").maps().succeeded() == done
                        && node.engine().jobs().status("paused").state() == JobState.RUNNING);
        assertThat(done).isLessThan(node.engine().jobs().status("paused").maps().total());
        assertThat(node.engine().jobs().suspend("paused", false).suspended()).isFalse();
        JobStatus s = Jobs.awaitEnd(node, "paused", Duration.ofSeconds(120));
        assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(Jobs.outputLines(node, "paused-output"))).isEqualTo(Jobs.countWords(text));
        assertThat(node.engine().jobs().suspend("no-such-job", true)).isNull();
    }

    @Test
    void cancellingARunningJobStopsItAndRemovesItsFiles() throws Exception {
        JobSpec spec = Jobs.spec("text", "io.chordmr.engine.testjobs.HangingMapper", null, "io.chordmr.examples.SumReducer", 1);
        node.engine().jobs().submit("cancel-me", "cancel-me", spec);
        await().atMost(Duration.ofSeconds(30)).until(() -> node.engine().jobs().status("cancel-me").maps().running() > 0);
        assertThatThrownBy(() -> node.engine().jobs().purge("cancel-me")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cancel it before removing it");
        JobStatus s = node.engine().jobs().cancel("cancel-me");
        assertThat(s.state()).isEqualTo(JobState.CANCELLED);
        await().atMost(Duration.ofSeconds(10)).until(() -> ring.nodes().stream()
                .noneMatch(n -> Files.exists(n.config().dataDir().resolve("mr").resolve("cancel-me"))));
        assertThat(node.datasets().meta("cancel-me-output")).isNull();
        // A finished job can be forgotten: its record goes from the ring.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IllegalStateException.class)
                .until(() -> node.engine().jobs().purge("cancel-me") != null
                && node.engine().jobs().status("cancel-me") == null);
        assertThat(node.engine().jobs().list()).extracting(JobStatus::id).doesNotContain("cancel-me");
        assertThat(node.engine().jobs().purge("cancel-me")).isNull();
    }

    @Test
    void badManifestsAreRefusedNamingTheProblem() throws Exception {
        String base = """
                apiVersion: chordmr.io/v1alpha1
                kind: MapReduceJob
                metadata: {name: bad}
                spec:
                  mapper: {class: io.chordmr.examples.WordCountMapper}
                  reducer: {class: io.chordmr.examples.SumReducer}
                """;
        assertThatThrownBy(() -> JobManifest.parseYaml(base)).isInstanceOf(InvalidJobException.class).hasMessageContaining("spec.input is missing");
        assertThatThrownBy(() -> JobManifest.parseYaml(base + "  input: {dataset: text}\n  reduces: -2\n"))
                .hasMessageContaining("spec.reduces must be between 1 and 10000, got -2");
        assertThatThrownBy(() -> JobManifest.parseYaml(base + "  input: {dataset: text}\n  reducers: 2\n"))
                .hasMessageContaining("unknown field 'spec.reducers'").hasMessageContaining("reduces");
        assertThatThrownBy(() -> JobManifest.parseYaml(base + "  input: {dataset: text}\n  reduces: two\n"))
                .hasMessageContaining("spec.reduces").hasMessageContaining("two");
        assertThatThrownBy(() -> JobManifest.parseYaml(base.replace("chordmr.io/v1alpha1", "batch/v1") + "  input: {dataset: text}\n"))
                .hasMessageContaining("apiVersion is 'batch/v1'");

        JobSpec unknownClass = Jobs.wordCount("text", 1);
        unknownClass.setMapper(StepSpec.ofClass("com.example.Nope"));
        assertThatThrownBy(() -> node.engine().jobs().submit("bad-class", "bad", unknownClass))
                .hasMessageContaining("spec.mapper.class: no class 'com.example.Nope'");
        JobSpec noJar = Jobs.wordCount("text", 1);
        noJar.setJar("missing-jar");
        assertThatThrownBy(() -> node.engine().jobs().submit("bad-jar", "bad", noJar))
                .hasMessageContaining("spec.jar: no dataset named 'missing-jar'");
        assertThatThrownBy(() -> node.engine().jobs().submit("bad-input", "bad", Jobs.wordCount("nothing-here", 1)))
                .hasMessageContaining("spec.input.dataset: no dataset named 'nothing-here'");
        JobSpec wrongTypes = Jobs.spec("text", "io.chordmr.examples.WordCountMapper", null, "io.chordmr.examples.SortedListReducer", 1);
        assertThatThrownBy(() -> node.engine().jobs().submit("bad-types", "bad", wrongTypes))
                .hasMessageContaining("spec.reducer takes (String, String) but the mapper emits (Text, Long)");

        assertThatThrownBy(() -> JobManifest.parseYaml(base + "  input: {dataset: text}\n  taskHeap: lots\n"))
                .hasMessageContaining("spec.taskHeap must be a size such as 512Mi or 2Gi, got 'lots'");
        JobSpec hungry = Jobs.wordCount("text", 1);
        hungry.setTaskHeap("1Ti");
        assertThatThrownBy(() -> node.engine().jobs().submit("bad-heap", "bad", hungry))
                .hasMessageContaining("spec.taskHeap: 1Ti is more than a node of this ring gives a task process (at most ");

        // Nothing was stored for the refused jobs, and the input is intact.
        for (String id : new String[] {"bad-class", "bad-jar", "bad-input", "bad-types", "bad-heap"}) {
            assertThat(node.engine().jobs().status(id)).isNull();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        node.datasets().copyTo(node.datasets().meta("text"), out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void submittingTheSameIdTwiceRunsTheJobOnce() {
        JobStatus first = run("twice", Jobs.wordCount("text", 1));
        JobStatus again = node.engine().jobs().submit("twice", "twice", Jobs.wordCount("text", 1));
        assertThat(again.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(again.startTime()).isEqualTo(first.startTime());
        Map<String, Long> counters = again.counters();
        assertThat(counters.get("mapInputRecords")).isEqualTo(4);
    }

}
