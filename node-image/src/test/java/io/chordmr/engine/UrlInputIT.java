package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.engine.manifest.InvalidJobException;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.SplitSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs reading their input from a real HTTP server on loopback, with and without byte ranges. */
class UrlInputIT {

    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static final AtomicInteger RANGED_GETS = new AtomicInteger();
    private static final Map<String, Integer> FLAKY = new ConcurrentHashMap<>();
    private static final AtomicInteger GONE = new AtomicInteger();
    private static HttpServer server;
    private static TestRing ring;
    private static ChordMrNode node;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ranged/", ex -> serve(ex, true));
        server.createContext("/plain/", ex -> serve(ex, false));
        server.createContext("/flaky/", ex -> {
            // Busy for the first two requests of each file, then a file server.
            if (FLAKY.merge(ex.getRequestURI().getPath(), 1, Integer::sum) <= 2) {
                try (ex) {
                    ex.sendResponseHeaders(503, -1);
                }
                return;
            }
            serve(ex, true);
        });
        server.createContext("/vanishing/", ex -> {
            // Listed (HEAD answers) but gone by the time a map reads it.
            if (ex.getRequestMethod().equals("HEAD")) {
                serve(ex, true);
            } else {
                try (ex) {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        });
        server.createContext("/gone/", ex -> {
            GONE.incrementAndGet();
            try (ex) {
                ex.sendResponseHeaders(410, -1);
            }
        });
        server.start();
        ring = new TestRing().start(2);
        node = ring.any();
    }

    @AfterAll
    static void stop() {
        ring.close();
        server.stop(0);
    }

    /** A file server: HEAD and GET, and {@code Range: bytes=N-} when {@code ranges}. */
    private static void serve(HttpExchange ex, boolean ranges) throws IOException {
        try (ex) {
            byte[] body = FILES.get(ex.getRequestURI().getPath().replaceFirst("^/(ranged|plain|flaky|vanishing)/", ""));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (ranges) {
                ex.getResponseHeaders().add("Accept-Ranges", "bytes");
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = 0;
            int status = 200;
            if (ranges && range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                status = 206;
                RANGED_GETS.incrementAndGet();
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            int length = body.length - from;
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Content-Length", String.valueOf(length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, length);
            } catch (IOException e) {
                // the reader stopped after its split's last line: expected
            }
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    private static JobSpec wordCountOf(List<String> urls, long splitBytes) {
        JobSpec spec = Jobs.wordCount(null, 2);
        InputSpec in = new InputSpec();
        in.setUrls(urls);
        spec.setInput(in);
        SplitSpec split = new SplitSpec();
        split.setBytes(splitBytes);
        spec.setSplit(split);
        return spec;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void aWordCountOverFilesSplitByRangeEqualsAPlainCount() throws IOException {
        List<String> urls = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int[] sizes = {0, 100, 3_000, 20_000, 47_011};
        for (int i = 0; i < sizes.length; i++) {
            byte[] text = Jobs.zipfCorpus(100 + i, sizes[i], 500);
            FILES.put("part-" + i + ".txt", text);
            urls.add(url("ranged/part-" + i + ".txt"));
            all.write(text);
            all.write('\n');
        }
        byte[] zipped = Jobs.zipfCorpus(7, 30_000, 300);
        FILES.put("logs.txt.gz", gzip(zipped));
        urls.add(url("ranged/logs.txt.gz"));
        all.write(zipped);
        all.write('\n');
        byte[] plain = Jobs.zipfCorpus(8, 25_000, 300);
        FILES.put("no-ranges.txt", plain);
        urls.add(url("plain/no-ranges.txt"));
        all.write(plain);
        int before = RANGED_GETS.get();

        node.engine().jobs().submit("url-count", "url-count", wordCountOf(urls, 4096));
        JobStatus s = Jobs.awaitEnd(node, "url-count", Duration.ofSeconds(120));

        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(Jobs.outputLines(node, s.outputDataset()))).isEqualTo(Jobs.countWords(all.toByteArray()));
        // A ranged file over 4 KiB has one split per 4 KiB begun, each but the first read from inside the file;
        // the compressed file and the one without ranges are a split each.
        int splits = 2;
        int inside = 0;
        for (int i = 0; i < sizes.length; i++) {
            int size = FILES.get("part-" + i + ".txt").length;
            int n = size <= 4096 ? 1 : (size + 4095) / 4096;
            splits += n;
            inside += n - 1;
        }
        assertThat(s.maps().total()).isEqualTo(splits);
        assertThat(RANGED_GETS.get() - before).isGreaterThanOrEqualTo(inside);
    }

    @Test
    void aMissingFileIsRefusedAtSubmitNamingItsUrlButNoSecret() {
        String missing = "http://reader:s3cr3t@127.0.0.1:" + server.getAddress().getPort() + "/ranged/missing.txt?sig=abc";
        assertThatThrownBy(() -> node.engine().jobs().submit("url-missing", "url-missing", wordCountOf(List.of(missing), 4096)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.input.url: http://127.0.0.1:" + server.getAddress().getPort() + "/ranged/missing.txt?…")
                .hasMessageContaining("answered 404")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("sig=abc"));
        assertThat(node.engine().jobs().status("url-missing")).isNull();
    }

    @Test
    void theMapperSeesTheUrlOfItsFile() {
        FILES.put("named.txt", "a\nb\n".getBytes(StandardCharsets.UTF_8));
        JobSpec spec = wordCountOf(List.of(url("ranged/named.txt")), 4096);
        spec.setMapper(io.chordmr.manifest.StepSpec.ofClass("io.chordmr.engine.testjobs.InputNameMapper"));
        node.engine().jobs().submit("url-name", "url-name", spec);
        JobStatus s = Jobs.awaitEnd(node, "url-name", Duration.ofSeconds(60));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(assertLines(s))).isEqualTo(Map.of(url("ranged/named.txt"), 2L));
    }

    private static List<String> assertLines(JobStatus s) {
        try {
            return Jobs.outputLines(node, s.outputDataset());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void filesFromAUrlAndADatasetReachEveryTaskByName() throws IOException {
        FILES.put("stop-words.txt", "the\nof\n".getBytes(StandardCharsets.UTF_8));
        node.datasets().put("more-stop-words", new java.io.ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)),
                io.chordmr.store.Split.DEFAULT, false);
        byte[] text = Jobs.zipfCorpus(11, 20_000, 50);
        String body = new String(text, StandardCharsets.UTF_8).replace("w1 ", "the ").replace("w2 ", "of a ");
        FILES.put("stop-input.txt", body.getBytes(StandardCharsets.UTF_8));
        JobSpec spec = wordCountOf(List.of(url("ranged/stop-input.txt")), 4096);
        spec.setMapper(io.chordmr.manifest.StepSpec.ofClass("io.chordmr.engine.testjobs.StopWordMapper"));
        io.chordmr.manifest.FileSpec stop = new io.chordmr.manifest.FileSpec();
        stop.setUrl(url("ranged/stop-words.txt"));
        stop.setName("stop.txt");
        spec.setFiles(List.of(stop, io.chordmr.manifest.FileSpec.ofDataset("more-stop-words", "more.txt")));

        node.engine().jobs().submit("url-files", "url-files", spec);
        JobStatus s = Jobs.awaitEnd(node, "url-files", Duration.ofSeconds(120));

        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        Map<String, Long> expected = new java.util.TreeMap<>(Jobs.countWords(body.getBytes(StandardCharsets.UTF_8)));
        expected.keySet().removeAll(List.of("the", "of", "a"));
        assertThat(expected).isNotEmpty();
        assertThat(Jobs.counts(assertLines(s))).isEqualTo(expected);
    }

    @Test
    void aLocalPathInFilesIsRefusedByTheRingWithWhatToDo() {
        JobSpec spec = wordCountOf(List.of(url("ranged/named.txt")), 4096);
        io.chordmr.manifest.FileSpec local = new io.chordmr.manifest.FileSpec();
        local.setPath("scripts/mapper.py");
        spec.setFiles(List.of(local));
        FILES.put("named.txt", "a\nb\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> node.engine().jobs().submit("url-path", "url-path", spec)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("spec.files[0].path: 'scripts/mapper.py' is a local file").hasMessageContaining("give a dataset or url");
    }

    @Test
    void aBusyServerIsAskedAgainAndAPermanentRefusalIsNot() {
        FILES.put("busy.txt", "x y x\n".getBytes(StandardCharsets.UTF_8));
        JobStatus s;
        node.engine().jobs().submit("url-busy", "url-busy", wordCountOf(List.of(url("flaky/busy.txt")), 4096));
        s = Jobs.awaitEnd(node, "url-busy", Duration.ofSeconds(60));
        assertThat(s.state()).as(s.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(Jobs.counts(assertLines(s))).isEqualTo(Map.of("x", 2L, "y", 1L));

        assertThatThrownBy(() -> node.engine().jobs().submit("url-gone", "url-gone", wordCountOf(List.of(url("gone/x.txt")), 4096)))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("answered 410");
        assertThat(GONE.get()).as("410 is not worth asking again").isEqualTo(1);
    }

    @Test
    void aFileThatVanishesAfterPlanningFailsTheJobNamingItsUrl() {
        FILES.put("soon-gone.txt", "a b\n".getBytes(StandardCharsets.UTF_8));
        JobSpec spec = wordCountOf(List.of(url("vanishing/soon-gone.txt")), 4096);
        spec.setMaxAttempts(2);
        node.engine().jobs().submit("url-vanished", "url-vanished", spec);
        JobStatus s = Jobs.awaitEnd(node, "url-vanished", Duration.ofSeconds(60));
        assertThat(s.state()).isEqualTo(JobState.FAILED);
        assertThat(s.error()).contains("task m-00000 failed 2 times").contains(url("vanishing/soon-gone.txt")).contains("answered 404");
        assertThat(s.failures()).hasSize(2);
    }
}
