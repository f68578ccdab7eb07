package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.manifest.FileSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.engine.manifest.JobManifest;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every shipped example manifest runs on a ring, checked against a plain computation of the same thing. */
class ExamplesIT {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static TestRing ring;
    private static ChordMrNode node;
    private static int jobs;

    @BeforeAll
    static void start() throws Exception {
        ring = new TestRing().start(3);
        node = ring.any();
        for (String[] d : new String[][] {{"sample", "sample.txt"}, {"docs", "docs.tsv"}, {"logs", "access.log"},
                {"links", "links.txt"}, {"fruits", "fruits.txt"}}) {
            node.datasets().put(d[0], new ByteArrayInputStream(data(d[1])), Split.records(3), false);
        }
        // The streaming scripts, stored as the command line stores a manifest's path entries.
        for (String script : List.of("mapper.py", "reducer.py")) {
            node.datasets().put("script-" + script, new ByteArrayInputStream(Files.readAllBytes(EXAMPLES.resolve("streaming").resolve(script))),
                    Split.DEFAULT, false);
        }
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private static byte[] data(String file) throws Exception {
        return Files.readAllBytes(EXAMPLES.resolve("data").resolve(file));
    }

    private static List<String> lines(String file) throws Exception {
        return List.of(new String(data(file), StandardCharsets.UTF_8).split("\n"));
    }

    private static List<String> run(String manifest) throws Exception {
        return run(JobManifest.parseYaml(Files.readString(EXAMPLES.resolve(manifest))).spec());
    }

    private static List<String> run(JobSpec spec) throws Exception {
        String id = "example-" + jobs++;
        node.engine().jobs().submit(id, id, spec);
        JobStatus s = Jobs.awaitEnd(node, id, Duration.ofSeconds(120));
        assertThat(s.error()).isNull();
        assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
        return Jobs.outputLines(node, s.outputDataset());
    }

    @Test
    void seedWordCount() throws Exception {
        Map<String, Long> expected = Jobs.countWords("hello world\nhello distributed computing\nworld of mapreduce\n".getBytes());
        assertThat(Jobs.counts(run("word-count.yaml"))).isEqualTo(expected).containsEntry("hello", 2L);
    }

    @Test
    void sampleWordCount() throws Exception {
        assertThat(Jobs.counts(run("word-count-sample.yaml"))).isEqualTo(Jobs.countWords(data("sample.txt")));
    }

    @Test
    void grepFindsEveryMatchingLineWithItsOffset() throws Exception {
        Pattern p = Pattern.compile("\\b(fox|dog)\\b");
        List<String> expected = new ArrayList<>();
        long offset = 0;
        for (String line : lines("sample.txt")) {
            if (p.matcher(line).find()) {
                expected.add(offset + "\t" + line);
            }
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        assertThat(expected).isNotEmpty();
        assertThat(run("grep.yaml")).containsExactlyElementsOf(expected);
    }

    @Test
    void invertedIndex() throws Exception {
        Map<String, TreeSet<String>> index = new TreeMap<>();
        for (String line : lines("docs.tsv")) {
            String[] parts = line.split("\t", 2);
            for (String w : parts[1].trim().split("\\s+")) {
                index.computeIfAbsent(w, k -> new TreeSet<>()).add(parts[0]);
            }
        }
        Set<String> expected = new HashSet<>();
        index.forEach((w, docs) -> expected.add(w + "\t" + String.join(",", docs)));
        assertThat(run("inverted-index.yaml")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void urlAccessFrequency() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String line : lines("access.log")) {
            int q = line.indexOf('"');
            if (q >= 0) {
                expected.merge(line.substring(q + 1, line.indexOf('"', q + 1)).split(" ")[1], 1L, Long::sum);
            }
        }
        assertThat(Jobs.counts(run("url-frequency.yaml"))).isEqualTo(expected);
    }

    @Test
    void reverseLinkGraph() throws Exception {
        Map<String, TreeSet<String>> incoming = new TreeMap<>();
        for (String line : lines("links.txt")) {
            String[] w = line.trim().split("\\s+");
            for (int i = 1; i < w.length; i++) {
                incoming.computeIfAbsent(w[i], k -> new TreeSet<>()).add(w[0]);
            }
        }
        List<String> expected = new ArrayList<>();
        incoming.forEach((t, s) -> expected.add(t + "\t" + String.join(",", s)));
        assertThat(run("reverse-links.yaml")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void totalOrderSortConcatenatesPartsInOrder() throws Exception {
        List<String> expected = new ArrayList<>(lines("fruits.txt").stream().map(l -> l.replaceFirst(" ", "\t")).toList());
        expected.sort(null);
        // The output dataset lists reduce partitions in order: read as is, it must already be sorted.
        assertThat(run("sort.yaml")).containsExactlyElementsOf(expected);
    }

    /** The example's path entries as the stored scripts, under the names the commands use. */
    private static List<FileSpec> scripts() {
        return List.of(FileSpec.ofDataset("script-mapper.py", "mapper.py"), FileSpec.ofDataset("script-reducer.py", "reducer.py"));
    }

    @Test
    void streamingWordCountInPython() throws Exception {
        JobSpec spec = JobManifest.parseYaml(Files.readString(EXAMPLES.resolve("streaming-word-count.yaml"))).spec();
        assertThat(spec.getFiles()).extracting(FileSpec::localName).containsExactly("mapper.py", "reducer.py");
        spec.setFiles(scripts());
        byte[] seed = "hello world\nhello distributed computing\nworld of mapreduce\n".getBytes();
        assertThat(Jobs.counts(run(spec))).isEqualTo(Jobs.countWords(seed));
    }

    @Test
    void streamingOverAStoredDatasetWithManyMaps() throws Exception {
        JobSpec spec = Jobs.spec("sample", "unused", null, "unused", 3);
        spec.setMapper(StepSpec.ofCommand("python3 mapper.py"));
        spec.setReducer(StepSpec.ofCommand("python3 reducer.py"));
        spec.setFiles(scripts());
        assertThat(Jobs.counts(run(spec))).isEqualTo(Jobs.countWords(data("sample.txt")));
    }
}
