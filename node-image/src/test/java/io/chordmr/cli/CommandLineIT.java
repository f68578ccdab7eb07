package io.chordmr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chordmr.node.TestRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.List;
import io.chordmr.node.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code chordmr} commands as a user runs them: exit codes, what they print, what they store. */
class CommandLineIT {

    private static final Path WORD_COUNT = Path.of("..", "examples", "word-count.yaml");
    private static TestRing ring;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        ring = new TestRing().start(2);
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private record Run(int exit, String out, String err) {
    }

    /** Runs the command line in this JVM, capturing what it prints. */
    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = ChordMr.commandLine().execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** The word counts of the example's own input lines, counted here. */
    private static Map<String, Long> expectedCounts() throws IOException {
        JsonNode m = new ObjectMapper(new YAMLFactory()).readTree(WORD_COUNT.toFile());
        Map<String, Long> counts = new TreeMap<>();
        m.path("spec").path("input").path("lines").forEach(line -> {
            for (String w : line.asText().split("\\s+")) {
                counts.merge(w, 1L, Long::sum);
            }
        });
        return counts;
    }

    private static Map<String, Long> parse(String lines) {
        Map<String, Long> out = new TreeMap<>();
        lines.lines().filter(l -> !l.isBlank()).forEach(l -> {
            String[] kv = l.split("\t");
            out.put(kv[0], Long.parseLong(kv[1]));
        });
        return out;
    }

    /** The part files of a result directory, in order, as one text. */
    private static String readParts(Path out) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.sorted().toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    private String ringArg() {
        return "--ring=127.0.0.1:" + ring.any().httpPort();
    }

    private String tokenArg() throws IOException {
        Path t = dir.resolve("token");
        Files.writeString(t, TestRing.TOKEN.value());
        return "--token-file=" + t;
    }

    @Test
    void localRunsTheExampleAndWritesTheExactCounts() throws IOException {
        Path out = dir.resolve("result");
        Run r = run("local", "--output", out.toString(), WORD_COUNT.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(parse(readParts(out))).isEqualTo(expectedCounts());
    }

    @Test
    void benchChecksEveryJobAgainstTheByteLevelReferenceAndReportsTheRatio() throws IOException {
        Run r = run("bench", "--size-mb", "2", "--runs", "2", "--small-jobs", "2", "--in-process", "--dir", dir.resolve("bench").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Zipf s = 1.07 over 50,000 words, 5-20 a line, seed 42")
                .containsPattern("reference: byte-level count, 1 thread +[0-9.]+ s")
                .containsPattern("word count, first job on a fresh ring +[0-9.]+ s .*x the reference")
                .containsPattern("word count, warm: median +[0-9.]+ s .*x the reference")
                .containsPattern("maps: first attempt began -?[0-9]+ ms after submit; [1-9][0-9]* attempts, mean [0-9]+ ms \\(by quarter [0-9]+, [0-9]+, [0-9]+, [0-9]+\\), slowest [0-9]+ ms");
    }

    @Test
    void benchStoreReportsPutAndGetAgainstBothYardsticks() {
        Run r = run("bench-store", "--size-mb", "4", "--runs", "2", "--dir", dir.resolve("bench-store").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("input 4 MiB, 3 nodes, replication 3")
                .containsPattern("plain file copy \\(fsync\\) +[0-9.]+ s +[0-9.]+ MB/s  \\(/ 3 copies: [0-9.]+ MB/s\\)")
                .containsPattern("replicated write by hand \\(loopback, fsync\\) +[0-9.]+ s +[0-9.]+ MB/s  \\([0-9.]+ x copy / 3")
                .containsPattern("chordmr put, first on a fresh ring +[0-9.]+ s +[0-9.]+ MB/s  \\([0-9.]+ x copy / 3; [0-9.]+ x by hand; cpu [0-9.]+ s\\)")
                .containsPattern("chordmr put, warm: median of 1 +[0-9.]+ s")
                .containsPattern("chordmr get, warm: median of 1 +[0-9.]+ s +[0-9.]+ MB/s  \\(cpu [0-9.]+ s\\)");
        try (Stream<Path> left = Files.walk(dir.resolve("bench-store"))) {
            assertThat(left.filter(Files::isRegularFile)).as("the bench removes what it wrote").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void localRefusesABadManifestWithExitTwoAndSaysWhy() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(WORD_COUNT).replace("reduces: 2", "reduces: -1"));
        Run r = run("local", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("spec.reduces");
    }

    @Test
    void putSubmitStatusAndGetAgainstARing() throws IOException {
        Path text = dir.resolve("words.txt");
        Files.writeString(text, "to be or not to be\nthat is the question\n");
        Run put = run("put", ringArg(), tokenArg(), "--split-records=1", "cli-words", text.toString());
        assertThat(put.exit()).as(put.err()).isZero();
        assertThat(put.out()).contains("stored cli-words: " + Files.size(text) + " bytes, 2 records, 2 chunks");

        Path job = dir.resolve("job.yaml");
        Files.writeString(job, Files.readString(WORD_COUNT).replaceAll("(?s)  input:\\n    lines:.*?\\n  mapper", "  input: {dataset: cli-words}\n  mapper"));
        Run submit = run("submit", ringArg(), tokenArg(), "--id=cli-job", "--wait", job.toString());
        assertThat(submit.exit()).as(submit.err()).isZero();
        assertThat(submit.out().trim()).isEqualTo("cli-job");

        Run status = run("status", ringArg(), tokenArg(), "cli-job");
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("Succeeded");
        Run get = run("get", ringArg(), tokenArg(), "cli-job-output");
        assertThat(parse(get.out())).isEqualTo(Map.of("to", 2L, "be", 2L, "or", 1L, "not", 1L, "that", 1L, "is", 1L, "the", 1L,
                "question", 1L));
    }

    @Test
    void aMissingJobOrAWrongTokenIsAnErrorNotAStackTrace() throws IOException {
        Run missing = run("status", ringArg(), tokenArg(), "no-such-job");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no job with id 'no-such-job'");
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-token");
        Run refused = run("status", ringArg(), "--token-file=" + wrong, "no-such-job");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains("missing or wrong cluster token").doesNotContain("not-the-token");
    }

    @Test
    void uiPrintsALinkWithTheTokenInTheFragmentThatTheNodeServesAndRefusesAWrongToken() throws Exception {
        Run ui = run("ui", ringArg(), tokenArg());
        assertThat(ui.exit()).as(ui.err()).isZero();
        String link = ui.out().trim();
        String base = "http://127.0.0.1:" + ring.any().httpPort() + "/ui/";
        assertThat(link).isEqualTo(base + "#token=" + TestRing.TOKEN.value());
        URI page = URI.create(link);
        assertThat(page.getRawQuery()).as("the token is never in a query string").isNull();
        // What a browser sends for the link: everything but the fragment.
        HttpResponse<String> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(new URI(page.getScheme(), page.getAuthority(), page.getPath(), null, null)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).contains("<script src=\"/ui/app.js\"");

        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "not-the-token");
        Run refused = run("ui", ringArg(), "--token-file=" + wrong);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("missing or wrong cluster token").doesNotContain("not-the-token");
    }

    @Test
    void localWithUiServesTheSignedInDashboardAfterTheJobUntilStoppedThenRemovesItsFiles() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("local.log");
        Process p = NodeProcess.start(log, List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp), "local", "--ui",
                WORD_COUNT.toString());
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(log).contains("the ring stays up"));
            String out = Files.readString(log);
            assertThat(parse(out.lines().filter(l -> l.matches("\\S+\t\\d+")).collect(Collectors.joining("\n"))))
                    .isEqualTo(expectedCounts());
            Matcher m = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+)/ui/#token=(\\S+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            HttpResponse<String> ringView = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1) + "/ring"))
                    .header("Authorization", "Bearer " + m.group(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ringView.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(ringView.body()).path("size").asInt()).isEqualTo(3);
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("chordmr-local"));
            }
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook stops the ring
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("chordmr-local"));
        }
    }

    /** The streaming example ships its scripts as path entries: the command line stores them and the tasks find them by name. */
    @Test
    void localRunsTheStreamingExampleFromAnotherDirectory() throws IOException {
        Path out = dir.resolve("streamed");
        Run r = run("local", "--isolate", "--output", out.toString(), WORD_COUNT.resolveSibling("streaming-word-count.yaml").toAbsolutePath().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(parse(readParts(out))).isEqualTo(expectedCounts());
    }
}
