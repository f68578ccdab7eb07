package io.chordmr.engine;

import static org.awaitility.Awaitility.await;

import io.chordmr.client.JobStatus;
import io.chordmr.manifest.InputSpec;
import io.chordmr.manifest.JobSpec;
import io.chordmr.manifest.OutputSpec;
import io.chordmr.manifest.StepSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.store.DatasetMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/** Helpers for engine tests: specs, corpora, waiting for jobs, reading results. */
public final class Jobs {

    private Jobs() {
    }

    public static JobSpec spec(String inputDataset, String mapper, String combiner, String reducer, int reduces) {
        JobSpec s = new JobSpec();
        InputSpec in = new InputSpec();
        in.setDataset(inputDataset);
        s.setInput(in);
        s.setMapper(StepSpec.ofClass(mapper));
        if (combiner != null) {
            s.setCombiner(StepSpec.ofClass(combiner));
        }
        s.setReducer(StepSpec.ofClass(reducer));
        s.setReduces(reduces);
        return s;
    }

    public static JobSpec wordCount(String inputDataset, int reduces) {
        return spec(inputDataset, "io.chordmr.examples.WordCountMapper", "io.chordmr.examples.SumReducer",
                "io.chordmr.examples.SumReducer", reduces);
    }

    public static JobSpec withOutput(JobSpec s, String dataset) {
        OutputSpec o = new OutputSpec();
        o.setDataset(dataset);
        s.setOutput(o);
        return s;
    }

    /** Text of Zipf-distributed words (exponent 1.1), fixed seed, about {@code bytes} long. */
    public static byte[] zipfCorpus(long seed, int bytes, int vocabulary) {
        Random r = new Random(seed);
        double[] cdf = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            sum += 1 / Math.pow(i + 1, 1.1);
            cdf[i] = sum;
        }
        String[] punct = {"", "", "", ",", ".", "!", "?"};
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + 200);
        StringBuilder line = new StringBuilder();
        while (out.size() < bytes) {
            line.setLength(0);
            int words = 1 + r.nextInt(15);
            for (int w = 0; w < words; w++) {
                int i = java.util.Arrays.binarySearch(cdf, r.nextDouble() * sum);
                int rank = i >= 0 ? i : -i - 1;
                String word = (rank % 7 == 0 ? "W" : "w") + rank + punct[r.nextInt(punct.length)];
                line.append(w == 0 ? "" : (r.nextInt(10) == 0 ? "\t " : " ")).append(word);
            }
            line.append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The independent count: split on whitespace, single-threaded. */
    public static Map<String, Long> countWords(byte[] text) {
        Map<String, Long> counts = new HashMap<>();
        for (String line : new String(text, StandardCharsets.UTF_8).split("\n")) {
            for (String w : line.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    counts.merge(w, 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    public static JobStatus awaitEnd(ChordMrNode via, String id, Duration within) {
        AtomicReference<JobStatus> last = new AtomicReference<>();
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            JobStatus s = via.engine().jobs().status(id);
            last.set(s);
            return s != null && s.terminal();
        });
        return last.get();
    }

    /** The output dataset's lines. */
    public static List<String> outputLines(ChordMrNode via, String dataset) throws IOException {
        DatasetMeta meta = via.datasets().meta(dataset);
        if (meta == null) {
            throw new IllegalStateException("no output dataset " + dataset);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        via.datasets().copyTo(meta, out);
        String s = out.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : new ArrayList<>(List.of(s.split("\n")));
    }

    /** Output lines {@code key<TAB>count} as a map; a key seen twice fails (a duplicate record). */
    public static Map<String, Long> counts(List<String> lines) {
        Map<String, Long> out = new HashMap<>();
        for (String l : lines) {
            int tab = l.lastIndexOf('\t');
            Long prev = out.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
            if (prev != null) {
                throw new AssertionError("key '" + l.substring(0, tab) + "' appears twice in the output");
            }
        }
        return out;
    }

    /** How many maps each node ran to success, from the JSON of {@code GET /jobs/{id}/tasks}. */
    public static Map<String, Integer> mapsByNode(com.fasterxml.jackson.databind.JsonNode tasks) {
        Map<String, Integer> maps = new java.util.TreeMap<>();
        tasks.path("tasks").forEach(t -> {
            if (t.path("kind").asText().equals("map")) {
                t.path("attempts").forEach(a -> {
                    if (a.path("state").asText().equals("Succeeded")) {
                        maps.merge(a.path("node").asText(), 1, Integer::sum);
                    }
                });
            }
        });
        return maps;
    }
}
