package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chordmr.client.DatasetInfo;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.NodeApi;
import io.chordmr.client.NodeApiException;
import io.chordmr.engine.input.S3Source;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.OutputSpec;
import io.chordmr.manifest.SplitSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Jobs reading {@code s3://} input from S3Proxy, a real S3 API server, on loopback with
 * credentials checked; the nodes find the endpoint and credentials as a user's would give them
 * (here the SDK's system properties, as the environment variables cannot be set in a test).
 */
class S3InputIT {

    private static final String SECRET = S3ProxyServer.SECRET;
    private static S3ProxyServer server;
    private static S3Client s3;
    private static TestRing ring;
    private static ChordMrNode node;
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        server = new S3ProxyServer("data");
        s3 = server.client();
        LOG.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOG);
        ring = new TestRing().start(2);
        node = ring.any();
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOG);
        ring.close();
        server.close();
    }

    private static void put(String key, byte[] body) {
        s3.putObject(b -> b.bucket("data").key(key), RequestBody.fromBytes(body));
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static JobSpec wordCountOf(String url, long splitBytes) {
        JobSpec spec = Jobs.wordCount(null, 2);
        InputSpec in = new InputSpec();
        in.setUrl(url);
        spec.setInput(in);
        SplitSpec split = new SplitSpec();
        split.setBytes(splitBytes);
        spec.setSplit(split);
        return spec;
    }

    private static JobStatus run(String id, JobSpec spec) {
        node.engine().jobs().submit(id, id, spec);
        return Jobs.awaitEnd(node, id, Duration.ofSeconds(120));
    }

    private static void assertNoSecretLogged() {
        assertThat(LOG.list).noneMatch(e -> e.getFormattedMessage().contains(SECRET)
                || (e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains(SECRET)));
    }

    @Test
    void everyObjectUnderAPrefixButHiddenOnesIsCountedExactly() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] sizes = {0, 50, 2_000, 9_000, 30_123, 4_096, 12_345};
        for (int i = 0; i < sizes.length; i++) {
            byte[] text = Jobs.zipfCorpus(200 + i, sizes[i], 400);
            put("logs/part-" + i + ".txt", text);
            expected.write(text);
        }
        byte[] nested = Jobs.zipfCorpus(9, 7_000, 400);
        put("logs/2026/12/nested.txt", nested);
        expected.write(nested);
        byte[] zipped = Jobs.zipfCorpus(10, 20_000, 400);
        put("logs/day.txt.gz", gzip(zipped));
        expected.write(zipped);
        put("logs/_SUCCESS", new byte[0]);
        put("logs/.hidden", "hiddenword hiddenword\n".getBytes());
        put("elsewhere/other.txt", "elsewhereword\n".getBytes());

        JobStatus s = run("s3-prefix", wordCountOf("s3://data/logs/", 4096));

        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        Map<String, Long> counts = Jobs.counts(Jobs.outputLines(node, s.outputDataset()));
        assertThat(counts).isEqualTo(Jobs.countWords(expected.toByteArray())).doesNotContainKeys("hiddenword", "elsewhereword");
        assertNoSecretLogged();
    }

    /** About {@code size} bytes of text in which no line ends exactly at a multiple of {@code split}: every split boundary cuts a line. */
    private static byte[] linesAcrossEveryBoundary(long seed, int size, int split) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : new String(Jobs.zipfCorpus(seed, size, 3_000), StandardCharsets.UTF_8).split("(?<=\n)")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0 && (out.size() + b.length) % split == 0) {
                b = (line.substring(0, line.length() - 1) + " x\n").getBytes(StandardCharsets.UTF_8);
            }
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void fortyObjectsWithLinesAcrossEverySplitBoundaryCountExactlyIntoS3Parts() throws IOException {
        int split = 4096;
        Random r = new Random(40);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int expectedMaps = 0;
        for (int i = 0; i < 40; i++) {
            // One empty, some smaller than a split, some several splits long; one a single line longer than two splits.
            int size = i == 0 ? 0 : i % 4 == 1 ? 1 + r.nextInt(split - 1) : split + r.nextInt(5 * split);
            byte[] text = linesAcrossEveryBoundary(100 + i, size, split);
            if (i == 3) {
                text = (new String(text) + "long" + " line".repeat(2_000) + "\n").getBytes();
            }
            for (int b = split; b < text.length; b += split) {
                assertThat(text[b - 1]).as("object %d, boundary %d", i, b).isNotEqualTo((byte) '\n');
            }
            all.write(text);
            if (i == 7) {
                put(String.format("forty/obj-%02d.txt.gz", i), gzip(text));
                expectedMaps++;
            } else {
                put(String.format("forty/obj-%02d.txt", i), text);
                expectedMaps += Math.max(1, (text.length + split - 1) / split);
            }
        }
        s3.createBucket(b -> b.bucket("results"));
        JobSpec spec = wordCountOf("s3://data/forty/", split);
        OutputSpec out = new OutputSpec();
        out.setUrl("s3://results/forty/");
        spec.setOutput(out);
        spec.setReduces(3);

        JobStatus s = run("s3-forty", spec);

        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(s.maps().total()).isEqualTo(expectedMaps);
        List<S3Object> written = s3.listObjectsV2(b -> b.bucket("results").prefix("forty/")).contents();
        assertThat(written).extracting(o -> o.key())
                .containsExactlyInAnyOrder("forty/_SUCCESS", "forty/part-r-00000", "forty/part-r-00001", "forty/part-r-00002");
        List<String> lines = new ArrayList<>();
        for (var o : written) {
            if (o.key().contains("part-r-")) {
                s3.getObjectAsBytes(b -> b.bucket("results").key(o.key())).asUtf8String().lines().forEach(lines::add);
            }
        }
        Map<String, Long> expected = Jobs.countWords(all.toByteArray());
        assertThat(Jobs.counts(lines)).isEqualTo(expected);
        assertThat(lines).hasSize(expected.size());
        Instant success = written.stream().filter(o -> o.key().endsWith("_SUCCESS")).findFirst().orElseThrow().lastModified();
        assertThat(written).allSatisfy(o -> assertThat(o.lastModified()).isBeforeOrEqualTo(success));
        assertNoSecretLogged();
    }

    @Test
    void theShippedS3ExampleRunsUnchanged() throws Exception {
        s3.createBucket(b -> b.bucket("my-bucket"));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] text = Jobs.zipfCorpus(300 + i, 50_000, 1_000);
            s3.putObject(b -> b.bucket("my-bucket").key("logs/" + all.size() + ".log"), RequestBody.fromBytes(text));
            all.write(text);
        }
        JobSpec spec = io.chordmr.engine.manifest.JobManifest.parseYaml(
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "s3-word-count.yaml"))).spec();
        JobStatus s = run("s3-example", spec);
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(s.outputUrl()).isEqualTo("s3://my-bucket/word-counts/");
        List<String> lines = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2(b -> b.bucket("my-bucket").prefix("word-counts/part-r-")).contents()) {
            s3.getObjectAsBytes(b -> b.bucket("my-bucket").key(o.key())).asUtf8String().lines().forEach(lines::add);
        }
        assertThat(Jobs.counts(lines)).isEqualTo(Jobs.countWords(all.toByteArray()));
    }

    @Test
    void aBinaryObjectFailsTheJobNamingItsUrl() {
        put("binary/ok.txt", "some words here\n".getBytes());
        put("binary/photo.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 0x10, 'J', 'F', 'I', 'F', 0});
        JobSpec spec = wordCountOf("s3://data/binary/", 4096);
        spec.setMaxAttempts(2);
        JobStatus s = run("s3-binary", spec);
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).contains("s3://data/binary/photo.jpg: not text: a NUL byte at byte 3");
    }

    @Test
    void aGlobPicksItsObjectsOnly() throws IOException {
        byte[] a = "alpha beta\n".getBytes();
        byte[] b = "beta gamma\n".getBytes();
        put("glob/2026-01.txt", a);
        put("glob/2026-02.txt", b);
        put("glob/2025-12.txt", "old old\n".getBytes());
        put("glob/2026-03.csv", "csv\n".getBytes());
        JobStatus s = run("s3-glob", wordCountOf("s3://data/glob/2026-*.txt", 4096));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(Jobs.outputLines(node, s.outputDataset()))).isEqualTo(Map.of("alpha", 1L, "beta", 2L, "gamma", 1L));
    }

    @Test
    void aMissingBucketOrObjectIsRefusedAtSubmitNamingTheUrl() {
        assertThatThrownBy(() -> node.engine().jobs().submit("s3-missing", "s3-missing", wordCountOf("s3://no-such-bucket/x.txt", 4096)))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("spec.input.url: s3://no-such-bucket/x.txt")
                .hasMessageContaining("404");
        assertThatThrownBy(() -> node.engine().jobs().submit("s3-empty", "s3-empty", wordCountOf("s3://data/nothing-here/", 4096)))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("s3://data/nothing-here/ names no object");
        assertThat(node.engine().jobs().status("s3-missing")).isNull();
        assertNoSecretLogged();
    }

    @Test
    void anUnreachableEndpointIsRefusedAtSubmitNamingTheUrlAndWritesNothing() throws IOException {
        String endpoint = System.getProperty("aws.endpointUrl");
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + io.chordmr.node.NodeProcess.freePort());
        try {
            assertThatThrownBy(() -> node.engine().jobs().submit("s3-unreachable", "s3-unreachable", wordCountOf("s3://data/a/b.txt", 4096)))
                    .isInstanceOf(InvalidJobException.class).hasMessageContaining("spec.input.url: s3://data/a/b.txt")
                    .hasMessageContaining("Connection refused")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
            node.datasets().put("unreachable-in", new ByteArrayInputStream("a b\n".getBytes()), Split.DEFAULT, true);
            JobSpec toS3 = Jobs.wordCount("unreachable-in", 1);
            OutputSpec out = new OutputSpec();
            out.setUrl("s3://data/unreachable-out/");
            toS3.setOutput(out);
            assertThatThrownBy(() -> node.engine().jobs().submit("s3-unreachable-out", "s3-unreachable-out", toS3))
                    .isInstanceOf(InvalidJobException.class).hasMessageContaining("spec.output.url: s3://data/unreachable-out/")
                    .hasMessageContaining("Connection refused");
        } finally {
            System.setProperty("aws.endpointUrl", endpoint);
        }
        assertThat(node.engine().jobs().status("s3-unreachable")).isNull();
        assertThat(node.engine().jobs().status("s3-unreachable-out")).isNull();
        assertThat(s3.listObjectsV2(b -> b.bucket("data").prefix("unreachable-out/")).contents()).isEmpty();
        assertNoSecretLogged();
    }

    @Test
    void aWrongSecretIsRefusedByTheServerAndNeverShown() {
        put("secret/x.txt", "x\n".getBytes());
        System.setProperty("aws.secretAccessKey", "wrong-" + SECRET);
        try {
            S3Source source = new S3Source(io.chordmr.engine.input.S3Clients::build);
            assertThatThrownBy(() -> source.list("s3://data/secret/x.txt")).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://data/secret/x.txt").hasMessageContaining("403")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        } finally {
            System.setProperty("aws.secretAccessKey", SECRET);
        }
        assertNoSecretLogged();
    }

    @Test
    void theRingStoresADatasetStraightFromS3() throws IOException {
        put("import/a.txt", "one\ntwo\n".getBytes());
        put("import/b.txt", "three".getBytes());
        put("import/c.txt.gz", gzip("four\n".getBytes()));
        NodeApi api = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + node.httpPort())), TestRing.TOKEN.value());
        DatasetInfo d = api.putFromUrl("imported", "s3://data/import/", null, null, false);
        assertThat(d.records()).isEqualTo(4);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        node.datasets().copyTo(node.datasets().meta("imported"), back);
        assertThat(back.toString()).isEqualTo("one\ntwo\nthree\nfour\n");
        assertNoSecretLogged();
    }

    @Test
    void theRingWritesADatasetStraightToS3WholeOrNotAtAll() throws IOException {
        // 20 MB of numbered lines: three parts of a multipart upload.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20_000_000; i++) {
            text.append("line ").append(i).append(' ').append(Integer.toHexString(i * 31)).append('\n');
        }
        byte[] bytes = text.toString().getBytes();
        node.datasets().put("exported", new ByteArrayInputStream(bytes), Split.DEFAULT, false);
        NodeApi api = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + node.httpPort())), TestRing.TOKEN.value());

        assertThat(api.exportDataset("exported", "s3://data/export/", false)).isEqualTo("s3://data/export/exported");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("export/exported")).asByteArray()).isEqualTo(bytes);

        assertThatThrownBy(() -> api.exportDataset("exported", "s3://data/export/exported", false))
                .isInstanceOf(NodeApiException.class).hasMessageContaining("s3://data/export/exported already exists");
        node.datasets().put("small", new ByteArrayInputStream("just this\n".getBytes()), Split.DEFAULT, false);
        api.exportDataset("small", "s3://data/export/exported", true);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("export/exported")).asUtf8String()).isEqualTo("just this\n");

        assertThatThrownBy(() -> api.exportDataset("exported", "s3://no-such-bucket/x", false))
                .isInstanceOf(NodeApiException.class).hasMessageContaining("s3://no-such-bucket/x")
                .hasMessageContaining("NoSuchBucket").satisfies(e -> assertThat(((NodeApiException) e).status()).isEqualTo(502));
        assertThatThrownBy(() -> api.exportDataset("nothing-here", "s3://data/export/", false))
                .isInstanceOf(NodeApiException.class).hasMessageContaining("no dataset named 'nothing-here'");
        assertThat(s3.listObjectsV2(b -> b.bucket("data").prefix("export/")).contents()).extracting(o -> o.key())
                .containsExactly("export/exported");
        assertThat(s3.listMultipartUploads(b -> b.bucket("data").prefix("export/")).uploads()).isEmpty();
        assertNoSecretLogged();
    }
}
