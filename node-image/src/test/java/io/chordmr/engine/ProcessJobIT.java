package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.node.ProcessRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Jobs on rings of real node processes, killed with SIGKILL mid-job, or squeezed into small heaps. */
class ProcessJobIT {

    private static String submit(ProcessRing ring, int via, Path manifest) throws Exception {
        Path out = ring.dir().resolve("submit.out");
        assertThat(ring.client(via, out, "submit", manifest.toString())).as(ring.clientErrors()).isZero();
        return Files.readString(out).trim();
    }

    private static Path manifest(ProcessRing ring, String name, String extra) throws Exception {
        return manifest(ring, name, "io.chordmr.engine.testjobs.SlowMapper", extra);
    }

    private static Path manifest(ProcessRing ring, String name, String mapper, String extra) throws Exception {
        return Files.writeString(ring.dir().resolve(name + ".yaml"), """
                apiVersion: chordmr.io/v1alpha1
                kind: MapReduceJob
                metadata: {name: %s}
                spec:
                  input: {dataset: corpus}
                  mapper: {class: %s}
                  combiner: {class: io.chordmr.examples.SumReducer}
                  reducer: {class: io.chordmr.examples.SumReducer}
                  reduces: 3
                %s""".formatted(name, mapper, extra));
    }

    /** Puts the corpus as dataset {@code corpus}, cut into chunks of {@code splitBytes}. */
    private static void putCorpus(ProcessRing ring, byte[] corpus, int splitBytes) throws Exception {
        Path input = Files.write(ring.dir().resolve("corpus.txt"), corpus);
        assertThat(ring.client(0, ring.dir().resolve("put.out"), "put", "--split-bytes", String.valueOf(splitBytes), "corpus", input.toString()))
                .as(ring.clientErrors()).isZero();
    }

    private static Map<String, Long> result(ProcessRing ring, int via, String dataset) throws Exception {
        Path out = ring.dir().resolve("result.out");
        assertThat(ring.client(via, out, "get", dataset)).as(ring.clientErrors()).isZero();
        return Jobs.counts(List.of(Files.readString(out).split("\n")));
    }

    private static JsonNode awaitEnd(ProcessRing ring, int via, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = ring.get(via, "/jobs/" + id);
                String state = last[0] == null ? "" : last[0].get("state").asText();
                return state.equals("Succeeded") || state.equals("Failed") || state.equals("Cancelled");
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Leave the nodes' own account of what happened in the test report.
            System.err.println("last status: " + last[0]);
            for (int i = 0; i < 8; i++) {
                Path log = ring.dir().resolve("node-" + i + ".log");
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    System.err.println("---- node-" + i + ".log (last 80 lines)");
                    lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.err::println);
                }
            }
            throw e;
        }
        return last[0];
    }

    private static int indexOf(String nodeName) {
        return Integer.parseInt(nodeName.substring(nodeName.lastIndexOf('-') + 1));
    }

    @Test
    void killNineOfAWorkerAndThenOfTheCoordinatorLeavesTheResultExact() throws Exception {
        byte[] corpus = Jobs.zipfCorpus(5, 4 << 20, 20_000);
        try (ProcessRing ring = new ProcessRing(5, List.of("-Xmx256m", "-XX:+UseSerialGC"))) {
            putCorpus(ring, corpus, 131072);

            String id = submit(ring, 0, manifest(ring, "kill-worker", "  config: {mapSleepMs: '40'}\n"));
            int[] victim = {-1};
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
                JsonNode s = ring.get(0, "/jobs/" + id);
                if (s == null || s.get("maps").get("succeeded").asInt() < 3 || !"Map".equals(s.get("phase").asText())) {
                    return false;
                }
                int coordinator = indexOf(s.get("coordinator").asText());
                victim[0] = coordinator == 1 ? 2 : 1;
                return true;
            });
            ring.kill9(victim[0]);
            int via = victim[0] == 0 ? 3 : 0;
            JsonNode end = awaitEnd(ring, via, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
            Map<String, Long> expected = Jobs.countWords(corpus);
            assertThat(result(ring, via, end.get("outputDataset").asText())).isEqualTo(expected);

            String second = submit(ring, via, manifest(ring, "kill-coordinator", "  config: {mapSleepMs: '40'}\n"));
            String[] coordinator = {null};
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> {
                JsonNode s = ring.get(via, "/jobs/" + second);
                coordinator[0] = s == null ? null : s.get("coordinator").asText();
                return s != null && s.get("maps").get("succeeded").asInt() >= 3 && "Map".equals(s.get("phase").asText());
            });
            int dead = indexOf(coordinator[0]);
            ring.kill9(dead);
            int survivor = java.util.stream.IntStream.range(0, 5).filter(i -> i != dead && ring.alive(i)).findFirst().orElseThrow();
            JsonNode end2 = awaitEnd(ring, survivor, second);
            assertThat(end2.get("state").asText()).as(end2.toString()).isEqualTo("Succeeded");
            assertThat(end2.get("coordinator").asText()).isNotEqualTo(coordinator[0]);
            assertThat(result(ring, survivor, end2.get("outputDataset").asText())).isEqualTo(expected);
        }
    }

    @Test
    void aJobLargerThanTheNodesHeapSpillsAndFinishes() throws Exception {
        byte[] corpus = Jobs.zipfCorpus(9, 120 << 20, 200_000);
        // Small heaps for the nodes and for the task processes that run the job's code.
        try (ProcessRing ring = new ProcessRing(3, List.of("-Xmx80m", "-XX:+UseSerialGC"), List.of("--task-heap", "64Mi"))) {
            Path input = Files.write(ring.dir().resolve("corpus.txt"), corpus);
            assertThat(ring.client(0, ring.dir().resolve("put.out"), "put", "corpus", input.toString())).as(ring.clientErrors()).isZero();
            Map<String, Long> expected = Jobs.countWords(corpus);
            String id = submit(ring, 0, manifest(ring, "big", ""));
            JsonNode end = awaitEnd(ring, 0, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
            assertThat(end.get("counters").get("mapInputRecords").asLong()).isEqualTo(new String(corpus).split("\n").length);
            assertThat(result(ring, 0, end.get("outputDataset").asText())).isEqualTo(expected);
        }
    }

    @Test
    void nodesAddedWhileAJobRunsTakeTheirShareOfTheMapsAndTheResultIsExact() throws Exception {
        byte[] corpus = Jobs.zipfCorpus(13, 3 << 20, 20_000);
        try (ProcessRing ring = new ProcessRing(3, List.of("-Xmx256m", "-XX:+UseSerialGC"))) {
            putCorpus(ring, corpus, 65536);
            Path gate = Files.createFile(ring.dir().resolve("gate"));
            Path manifest = manifest(ring, "grow", "io.chordmr.engine.testjobs.GatedMapper",
                    // No backups: a new node's cold task JVM would lose its held map to one on an old node.
                    "  speculative: false\n  config: {gate: '" + gate + "'}\n");
            String id = submit(ring, 0, manifest);
            // Every first node's slot holds a map at the gate; the ring grows from 3 to 6 meanwhile.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode s = ring.get(0, "/jobs/" + id);
                return s != null && s.get("maps").get("running").asInt() >= 3;
            });
            ring.grow(3);
            ring.awaitRing();
            // The gate opens once every new node holds a map of its own: a new node that starts its
            // task JVM after the old ones have run out the maps would otherwise be left none, which on a
            // busy machine happens and says nothing about how maps are handed out.
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Set<String> holding = new TreeSet<>();
                ring.get(0, "/jobs/" + id + "/tasks").path("tasks").forEach(t -> t.path("attempts").forEach(a -> {
                    if (t.path("kind").asText().equals("map") && !a.path("backup").asBoolean()) {
                        holding.add(a.path("node").asText());
                    }
                }));
                return holding.containsAll(List.of("proc-3", "proc-4", "proc-5"));
            });
            Files.delete(gate);
            JsonNode end = awaitEnd(ring, 0, id);
            assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
            assertThat(result(ring, 0, end.get("outputDataset").asText())).isEqualTo(Jobs.countWords(corpus));

            JsonNode tasks = ring.get(0, "/jobs/" + id + "/tasks");
            Map<String, Integer> maps = Jobs.mapsByNode(tasks);
            System.out.println("maps per node after growing 3 to 6 mid-job: " + maps);
            assertThat(maps.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(end.get("maps").get("total").asInt());
            for (int i = 3; i < 6; i++) {
                assertThat(maps.getOrDefault("proc-" + i, 0)).as("maps run by the new node proc-%d: %s; tasks: %s", i, maps, tasks).isPositive();
            }
        }
    }
}
