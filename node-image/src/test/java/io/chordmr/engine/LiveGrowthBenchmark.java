package io.chordmr.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.node.ProcessRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A word count over a large corpus on three {@code chordmr node} processes, grown to six once a
 * fifth of its maps are done, as {@code kubectl scale} would. Prints the maps each node ran
 * before and after the growth, and checks the output against a count made here. Not a test: after
 * {@code mvn -o package -DskipTests}, from node-image:
 * {@code java -Xmx8g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.chordmr.engine.LiveGrowthBenchmark 1024}
 * (MiB of input).
 */
public final class LiveGrowthBenchmark {

    private LiveGrowthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        byte[] corpus = Jobs.zipfCorpus(21, (int) Math.min(Integer.MAX_VALUE - 16, (long) mb << 20), 50_000);
        Map<String, Long> expected = Jobs.countWords(corpus);
        try (ProcessRing ring = new ProcessRing(3, List.of("-Xmx512m"))) {
            Path input = Files.write(ring.dir().resolve("corpus.txt"), corpus);
            corpus = null;
            long t0 = System.nanoTime();
            if (ring.client(0, ring.dir().resolve("put.out"), "put", "corpus", input.toString()) != 0) {
                throw new IllegalStateException(ring.clientErrors());
            }
            System.out.printf(Locale.ROOT, "put %d MiB at RF 3 in %.1f s; %d cores%n", mb, (System.nanoTime() - t0) / 1e9,
                    Runtime.getRuntime().availableProcessors());
            Path manifest = Files.writeString(ring.dir().resolve("wc.yaml"), """
                    apiVersion: chordmr.io/v1alpha1
                    kind: MapReduceJob
                    metadata: {name: grow}
                    spec:
                      input: {dataset: corpus}
                      mapper: {class: io.chordmr.examples.WordCountMapper}
                      combiner: {class: io.chordmr.examples.SumReducer}
                      reducer: {class: io.chordmr.examples.SumReducer}
                      reduces: 6
                    """);
            Path out = ring.dir().resolve("submit.out");
            long start = System.nanoTime();
            if (ring.client(0, out, "submit", manifest.toString()) != 0) {
                throw new IllegalStateException(ring.clientErrors());
            }
            String id = Files.readString(out).trim();
            JsonNode s;
            while (true) {
                s = ring.get(0, "/jobs/" + id);
                if (s != null && s.get("maps").get("succeeded").asInt() * 5 >= s.get("maps").get("total").asInt()) {
                    break;
                }
                Thread.sleep(100); // a benchmark main polling, not a test
            }
            Map<String, Integer> before = mapsByNode(ring, id);
            System.out.printf(Locale.ROOT, "growing 3 to 6 at %.1f s, maps done %d of %d: %s%n", (System.nanoTime() - start) / 1e9,
                    s.get("maps").get("succeeded").asInt(), s.get("maps").get("total").asInt(), before);
            ring.grow(3);
            while (true) {
                s = ring.get(0, "/jobs/" + id);
                String state = s == null ? "" : s.get("state").asText();
                if (state.equals("Succeeded") || state.equals("Failed")) {
                    break;
                }
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "job %s in %.1f s%n", s.get("state").asText(), (System.nanoTime() - start) / 1e9);
            Map<String, Integer> after = mapsByNode(ring, id);
            Map<String, Integer> since = new TreeMap<>();
            after.forEach((n, c) -> since.put(n, c - before.getOrDefault(n, 0)));
            System.out.println("maps per node, whole job: " + after);
            System.out.println("maps per node after the growth: " + since);
            Path result = ring.dir().resolve("result.out");
            ring.client(0, result, "get", s.get("outputDataset").asText());
            Map<String, Long> got = Jobs.counts(List.of(Files.readString(result).split("\n")));
            System.out.println("output exact: " + got.equals(expected) + " (" + got.size() + " words)");
        }
    }

    private static Map<String, Integer> mapsByNode(ProcessRing ring, String id) {
        return Jobs.mapsByNode(ring.get(0, "/jobs/" + id + "/tasks"));
    }
}
