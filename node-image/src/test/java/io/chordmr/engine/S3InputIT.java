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
import io.chordmr.engine.input.S3Source;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.SplitSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

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
        node.datasets().put("exported", new java.io.ByteArrayInputStream(bytes), io.chordmr.store.Split.DEFAULT, false);
        NodeApi api = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + node.httpPort())), TestRing.TOKEN.value());

        assertThat(api.exportDataset("exported", "s3://data/export/", false)).isEqualTo("s3://data/export/exported");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("export/exported")).asByteArray()).isEqualTo(bytes);

        assertThatThrownBy(() -> api.exportDataset("exported", "s3://data/export/exported", false))
                .isInstanceOf(io.chordmr.client.NodeApiException.class).hasMessageContaining("s3://data/export/exported already exists");
        node.datasets().put("small", new java.io.ByteArrayInputStream("just this\n".getBytes()), io.chordmr.store.Split.DEFAULT, false);
        api.exportDataset("small", "s3://data/export/exported", true);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("data").key("export/exported")).asUtf8String()).isEqualTo("just this\n");

        assertThatThrownBy(() -> api.exportDataset("exported", "s3://no-such-bucket/x", false))
                .isInstanceOf(io.chordmr.client.NodeApiException.class).hasMessageContaining("s3://no-such-bucket/x")
                .hasMessageContaining("NoSuchBucket").satisfies(e -> assertThat(((io.chordmr.client.NodeApiException) e).status()).isEqualTo(502));
        assertThatThrownBy(() -> api.exportDataset("nothing-here", "s3://data/export/", false))
                .isInstanceOf(io.chordmr.client.NodeApiException.class).hasMessageContaining("no dataset named 'nothing-here'");
        assertThat(s3.listObjectsV2(b -> b.bucket("data").prefix("export/")).contents()).extracting(o -> o.key())
                .containsExactly("export/exported");
        assertThat(s3.listMultipartUploads(b -> b.bucket("data").prefix("export/")).uploads()).isEmpty();
        assertNoSecretLogged();
    }
}
