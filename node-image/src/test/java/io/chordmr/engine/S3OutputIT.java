package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.OutputSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Jobs writing their output to S3Proxy: parts then _SUCCESS, exactly once, and nothing left open or visible when they fail. */
class S3OutputIT {

    private static final byte[] CORPUS = Jobs.zipfCorpus(31, 600_000, 3_000);
    private static S3ProxyServer server;
    private static S3Client s3;
    private static TestRing ring;
    private static ChordMrNode node;

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer("out");
        s3 = server.client();
        ring = new TestRing().start(4);
        node = ring.any();
        node.datasets().put("s3-corpus", new ByteArrayInputStream(CORPUS), Split.bytes(64 << 10), false);
    }

    @AfterAll
    static void stop() throws Exception {
        ring.close();
        server.close();
    }

    private static JobSpec toS3(JobSpec spec, String url, boolean overwrite) {
        OutputSpec out = new OutputSpec();
        out.setUrl(url);
        out.setOverwrite(overwrite);
        spec.setOutput(out);
        return spec;
    }

    private static List<String> keys(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket("out").prefix(prefix)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private static int openUploads(String prefix) {
        return s3.listMultipartUploads(b -> b.bucket("out").prefix(prefix)).uploads().size();
    }

    private static String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket("out").key(key)).asString(StandardCharsets.UTF_8);
    }

    /** The counts in the parts under the prefix, each part read once. */
    private static Map<String, Long> countsIn(String prefix) {
        List<String> lines = new ArrayList<>();
        for (String k : keys(prefix)) {
            if (k.contains("part-r-")) {
                read(k).lines().forEach(lines::add);
            }
        }
        return Jobs.counts(lines);
    }

    private static JobStatus run(String id, JobSpec spec) {
        node.engine().jobs().submit(id, id, spec);
        return Jobs.awaitEnd(node, id, Duration.ofSeconds(180));
    }

    @Test
    void aWordCountWritesEveryPartThenSuccessAndLeavesNoUploadOpen() {
        // What an attempt whose node died mid-upload leaves: an open upload of a part, never completed.
        String stray = s3.createMultipartUpload(b -> b.bucket("out").key("wc/part-r-00001")).uploadId();
        s3.uploadPart(b -> b.bucket("out").key("wc/part-r-00001").uploadId(stray).partNumber(1), RequestBody.fromString("stray\t99\n"));
        JobStatus s = run("s3-out", toS3(Jobs.wordCount("s3-corpus", 3), "s3://out/wc/", false));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(s.outputUrl()).isEqualTo("s3://out/wc/");
        assertThat(keys("wc/")).containsExactly("wc/_SUCCESS", "wc/part-r-00000", "wc/part-r-00001", "wc/part-r-00002");
        assertThat(countsIn("wc/")).isEqualTo(Jobs.countWords(CORPUS)).doesNotContainKey("stray");
        await().atMost(Duration.ofSeconds(60)).until(() -> openUploads("wc/") == 0);
        assertThat(s.outputRecords()).isEqualTo(Jobs.countWords(CORPUS).size());
    }

    @Test
    void aPartLargerThanAnUploadPartIsUploadedInPartsAndReadsBackWhole() throws Exception {
        // One partition of the sort's output, about 9 MB: two parts of the upload.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 150_000; i++) {
            text.append(String.format("k%07d ", (i * 7919L) % 150_000)).append("x".repeat(50)).append('\n');
        }
        node.datasets().put("s3-big", new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), Split.bytes(1 << 20),
                false);
        JobSpec spec = Jobs.spec("s3-big", "io.chordmr.examples.SortMapper", null, "io.chordmr.examples.IdentityReducer$StringString", 1);
        JobStatus s = run("s3-big-out", toS3(spec, "s3://out/big/", false));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        List<String> lines = read("big/part-r-00000").lines().toList();
        assertThat(lines).hasSize(150_000).isSorted();
        assertThat(read("big/part-r-00000").length()).isGreaterThan(8 << 20);
        assertThat(openUploads("big/")).isZero();
    }

    @Test
    void aPrefixThatHoldsObjectsIsRefusedUnlessOverwriteWhichReplacesThem() {
        s3.putObject(b -> b.bucket("out").key("taken/part-r-00007"), RequestBody.fromString("old\t1\n"));
        assertThatThrownBy(() -> node.engine().jobs().submit("s3-taken", "s3-taken", toS3(Jobs.wordCount("s3-corpus", 2), "s3://out/taken/",
                false))).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.output.url: s3://out/taken/ already holds objects (taken/part-r-00007, ...)");
        JobStatus s = run("s3-overwrite", toS3(Jobs.wordCount("s3-corpus", 2), "s3://out/taken/", true));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(keys("taken/")).containsExactly("taken/_SUCCESS", "taken/part-r-00000", "taken/part-r-00001");
        assertThat(countsIn("taken/")).isEqualTo(Jobs.countWords(CORPUS));
    }

    @Test
    void aMissingBucketIsRefusedAtSubmitNamingIt() {
        assertThatThrownBy(() -> node.engine().jobs().submit("s3-nobucket", "s3-nobucket",
                toS3(Jobs.wordCount("s3-corpus", 1), "s3://no-such-bucket/x/", false))).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.output.url: s3://no-such-bucket/x/").hasMessageContaining("404")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(S3ProxyServer.SECRET));
    }

    @Test
    void aCancelledJobLeavesNoPartAndNoOpenUpload() {
        JobSpec spec = toS3(Jobs.spec("s3-corpus", "io.chordmr.examples.WordCountMapper", "io.chordmr.examples.SumReducer",
                "io.chordmr.engine.testjobs.SlowSumReducer", 3), "s3://out/cancelled/", false);
        spec.getConfig().put("reduceSleepMs", "200");
        node.engine().jobs().submit("s3-cancel", "s3-cancel", spec);
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JobStatus s = node.engine().jobs().status("s3-cancel");
            return s != null && s.phase() == JobPhase.REDUCE && s.reduces().running() > 0;
        });
        node.engine().jobs().cancel("s3-cancel");
        assertThat(Jobs.awaitEnd(node, "s3-cancel", Duration.ofSeconds(60)).state()).isEqualTo(JobState.CANCELLED);
        await().atMost(Duration.ofSeconds(60)).until(() -> openUploads("cancelled/") == 0);
        assertThat(keys("cancelled/")).isEmpty();
    }

    @Test
    void aReduceWorkerKilledMidUploadStillGivesExactlyOnePartEach() throws Exception {
        // A wide vocabulary: each reduce has thousands of keys, and pauses every thousand.
        byte[] corpus = Jobs.zipfCorpus(32, 800_000, 40_000);
        try (TestRing own = new TestRing().start(4)) {
            ChordMrNode client = own.any();
            client.datasets().put("s3-kill-corpus", new ByteArrayInputStream(corpus), Split.bytes(64 << 10), false);
            JobSpec spec = toS3(Jobs.spec("s3-kill-corpus", "io.chordmr.examples.WordCountMapper", "io.chordmr.examples.SumReducer",
                    "io.chordmr.engine.testjobs.SlowSumReducer", 4), "s3://out/killed/", false);
            spec.getConfig().put("reduceSleepMs", "500");
            client.engine().jobs().submit("s3-kill", "s3-kill", spec);
            // Any node but the coordinator that runs a reduce: the one that submitted too, since workers pull
            // and two nodes' slots may take all four reduces.
            ChordMrNode[] victim = new ChordMrNode[1];
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
                JobStatus s = client.engine().jobs().status("s3-kill");
                victim[0] = s == null || s.phase() != JobPhase.REDUCE ? null
                        : own.nodes().stream().filter(n -> !n.self().name().equals(s.coordinator())
                                && n.engine().worker().runningAttempts() > 0).findFirst().orElse(null);
                return victim[0] != null;
            });
            own.kill(victim[0].self().name());
            ChordMrNode survivor = own.nodes().get(0);
            JobStatus s = Jobs.awaitEnd(survivor, "s3-kill", Duration.ofSeconds(180));
            assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
            assertThat(keys("killed/")).containsExactly("killed/_SUCCESS", "killed/part-r-00000", "killed/part-r-00001",
                    "killed/part-r-00002", "killed/part-r-00003");
            assertThat(countsIn("killed/")).isEqualTo(Jobs.countWords(corpus));
            await().atMost(Duration.ofSeconds(60)).until(() -> openUploads("killed/") == 0);
        }
    }

    @Test
    void anUploadAbortedBeforeTheCommitFailsTheJobNamingThePartInsteadOfRetryingForever() throws Exception {
        // A bucket's lifecycle rule aborting incomplete uploads does this: the winning attempt's upload is gone.
        String direct = System.getProperty("aws.endpointUrl");
        System.setProperty("aws.endpointUrl", server.endpoint(0));
        try {
            S3ProxyServer.Gate gate = server.hold(c -> c.method().equals("completeMultipartUpload") && c.key().endsWith("part-r-00000"));
            node.engine().jobs().submit("s3-aborted", "s3-aborted", toS3(Jobs.wordCount("s3-corpus", 2), "s3://out/aborted/", false));
            gate.awaitHeld(Duration.ofMinutes(2));
            s3.listMultipartUploads(b -> b.bucket("out").prefix("aborted/")).uploads()
                    .forEach(u -> s3.abortMultipartUpload(b -> b.bucket("out").key(u.key()).uploadId(u.uploadId())));
            gate.release();
            JobStatus s = Jobs.awaitEnd(node, "s3-aborted", Duration.ofSeconds(120));
            assertThat(s.state()).isEqualTo(JobState.FAILED);
            assertThat(s.error()).contains("s3://out/aborted/part-r-00000").contains("cannot complete the upload").containsAnyOf("NoSuchUpload", "InvalidPart");
            assertThat(keys("aborted/")).isEmpty();
        } finally {
            server.hold(c -> false);
            System.setProperty("aws.endpointUrl", direct);
        }
    }

    @Test
    void aPrefixOrDatasetARunningJobWritesIsRefusedUntilItEnds() {
        JobSpec slow = toS3(Jobs.spec("s3-corpus", "io.chordmr.engine.testjobs.SlowMapper", "io.chordmr.examples.SumReducer",
                "io.chordmr.examples.SumReducer", 1), "s3://out/busy/", false);
        slow.getConfig().put("mapSleepMs", "200");
        node.engine().jobs().submit("s3-busy", "s3-busy", slow);
        assertThatThrownBy(() -> node.engine().jobs().submit("s3-inside", "s3-inside", toS3(Jobs.wordCount("s3-corpus", 1),
                "s3://out/busy/more/", false))).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.output.url: s3://out/busy/more/ overlaps s3://out/busy/, the output of job s3-busy");
        JobSpec sameDataset = Jobs.withOutput(Jobs.spec("s3-corpus", "io.chordmr.engine.testjobs.SlowMapper", null,
                "io.chordmr.examples.SumReducer", 1), "busy-dataset");
        sameDataset.getConfig().put("mapSleepMs", "200");
        node.engine().jobs().submit("ds-busy", "ds-busy", sameDataset);
        assertThatThrownBy(() -> node.engine().jobs().submit("ds-second", "ds-second", Jobs.withOutput(Jobs.wordCount("s3-corpus", 1),
                "busy-dataset"))).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.output.dataset: 'busy-dataset' is the output of job ds-busy");
        node.engine().jobs().cancel("s3-busy");
        node.engine().jobs().cancel("ds-busy");
        Jobs.awaitEnd(node, "s3-busy", Duration.ofSeconds(60));
        Jobs.awaitEnd(node, "ds-busy", Duration.ofSeconds(60));
        // Once the first has ended (cancelled: nothing under its prefix), the same prefix is free.
        JobStatus after = run("s3-after", toS3(Jobs.wordCount("s3-corpus", 1), "s3://out/busy/more/", false));
        assertThat(after.state()).as(after.error()).isEqualTo(JobState.SUCCEEDED);
    }
}
