package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.node.ProcessRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Job code that exits, halts, eats its heap, spins or forks, on three real {@code chordmr node}
 * processes (RF 3) with a job jar compiled here: the attempt fails with the cause, the job fails
 * cleanly after maxAttempts, and every node, its ring membership and its data are untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TaskProcessIT {

    private static final String PKG = "com.example.poison";
    private static final Map<String, String> SOURCES = Map.of(
            PKG + ".Words", """
                    package com.example.poison;
                    public final class Words {
                        public static void emit(String line, io.chordmr.api.Emitter<String, Long> out) {
                            for (String w : line.trim().split("\\\\s+")) {
                                if (!w.isEmpty()) { out.emit(w, 1L); }
                            }
                        }
                    }
                    """,
            PKG + ".ExitMapper", """
                    package com.example.poison;
                    import io.chordmr.api.*;
                    public class ExitMapper implements Mapper<Long, String, String, Long> {
                        public void map(Long offset, String line, Emitter<String, Long> out) {
                            if (line.contains("POISON")) { System.out.println("giving up on " + line); System.exit(3); }
                            Words.emit(line, out);
                        }
                    }
                    """,
            PKG + ".HeapMapper", """
                    package com.example.poison;
                    import io.chordmr.api.*;
                    public class HeapMapper implements Mapper<Long, String, String, Long> {
                        static final java.util.List<byte[]> CACHE = new java.util.ArrayList<>();
                        public void map(Long offset, String line, Emitter<String, Long> out) {
                            while (line.contains("POISON")) { CACHE.add(new byte[1 << 20]); }
                            Words.emit(line, out);
                        }
                    }
                    """,
            PKG + ".SpinMapper", """
                    package com.example.poison;
                    import io.chordmr.api.*;
                    public class SpinMapper implements Mapper<Long, String, String, Long> {
                        static volatile long spins;
                        private String pids;
                        public void setup(TaskContext c) { pids = c.config("pidDir"); }
                        public void map(Long offset, String line, Emitter<String, Long> out) throws Exception {
                            if (line.contains("POISON")) {
                                long pid = ProcessHandle.current().pid();
                                java.nio.file.Files.writeString(java.nio.file.Path.of(pids, String.valueOf(pid)), "");
                                while (true) { spins++; Thread.interrupted(); }
                            }
                            Words.emit(line, out);
                        }
                    }
                    """,
            PKG + ".HaltingCombiner", """
                    package com.example.poison;
                    import io.chordmr.api.*;
                    public class HaltingCombiner implements Reducer<String, Long, String, Long> {
                        public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
                            Runtime.getRuntime().halt(7);
                        }
                    }
                    """,
            PKG + ".ThrowingReducer", """
                    package com.example.poison;
                    import io.chordmr.api.*;
                    public class ThrowingReducer implements Reducer<String, Long, String, Long> {
                        public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
                            throw new IllegalStateException("reducer refuses key " + key);
                        }
                    }
                    """);

    private static final String TEXT = "alpha beta gamma\nbeta gamma\nthis line is POISON\ngamma delta alpha\nepsilon\n";
    private static ProcessRing ring;
    private static byte[] corpus;

    @BeforeAll
    static void start() throws Exception {
        ring = new ProcessRing(3, List.of("-Xmx256m", "-XX:+UseSerialGC"), List.of("--task-heap", "96Mi"));
        Path jar = JobJars.build(ring.dir(), "poison", SOURCES);
        assertThat(ring.client(0, ring.dir().resolve("put.out"), "put", "poison-jar", jar.toString())).as(ring.clientErrors()).isZero();
        put("text", TEXT.getBytes(StandardCharsets.UTF_8), "--split-records", "1");
        corpus = Jobs.zipfCorpus(17, 1 << 20, 5_000);
        put("corpus", corpus, "--split-records", "2000");
    }

    @AfterAll
    static void stop() throws Exception {
        ring.close();
    }

    private static void put(String name, byte[] data, String... flags) throws Exception {
        Path f = Files.write(ring.dir().resolve(name + ".txt"), data);
        List<String> args = new ArrayList<>(List.of("put"));
        args.addAll(List.of(flags));
        args.addAll(List.of(name, f.toString()));
        assertThat(ring.client(0, ring.dir().resolve("put.out"), args.toArray(String[]::new))).as(ring.clientErrors()).isZero();
    }

    private static String submit(String name, String spec) throws Exception {
        Path manifest = Files.writeString(ring.dir().resolve(name + ".yaml"), """
                apiVersion: chordmr.io/v1alpha1
                kind: MapReduceJob
                metadata: {name: %s}
                spec:
                %s""".formatted(name, spec.indent(2)));
        Path out = ring.dir().resolve("submit.out");
        assertThat(ring.client(0, out, "submit", manifest.toString())).as(ring.clientErrors()).isZero();
        return Files.readString(out).trim();
    }

    private static JsonNode awaitEnd(String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = ring.get(0, "/jobs/" + id);
            String state = last[0] == null ? "" : last[0].get("state").asText();
            return state.equals("Succeeded") || state.equals("Failed") || state.equals("Cancelled");
        });
        return last[0];
    }

    private static Map<String, Long> result(JsonNode status) throws Exception {
        Path out = ring.dir().resolve("result.out");
        assertThat(ring.client(0, out, "get", status.get("outputDataset").asText())).as(ring.clientErrors()).isZero();
        return Jobs.counts(List.of(Files.readString(out).split("\n")));
    }

    /** Every node is up and a member, and each one's first successor is the next member by id. */
    private static void assertRingIntact() {
        for (int i = 0; i < ring.size(); i++) {
            assertThat(ring.alive(i)).as("node %d is alive", i).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> views = new ArrayList<>();
            for (int i = 0; i < ring.size(); i++) {
                JsonNode v = ring.get(i, "/ring");
                assertThat(v).isNotNull();
                assertThat(v.get("member").asBoolean()).isTrue();
                assertThat(v.get("size").asInt()).isEqualTo(ring.size());
                views.add(v);
            }
            List<String> byId = new ArrayList<>();
            views.get(0).get("members").forEach(m -> byId.add(m.get("id").asText()));
            byId.sort(Comparator.naturalOrder());
            for (JsonNode v : views) {
                String self = v.get("self").get("id").asText();
                String next = byId.get((byId.indexOf(self) + 1) % byId.size());
                assertThat(v.get("successors").get(0).get("id").asText()).isEqualTo(next);
            }
        });
    }

    private static String wordCount(String mapper, String extra) {
        return """
                input: {dataset: text}
                jar: poison-jar
                mapper: {class: %s}
                reducer: {class: io.chordmr.examples.SumReducer}
                reduces: 2
                %s""".formatted(mapper, extra);
    }

    @Test
    @Order(1)
    void aMapperThatCallsSystemExitFailsTheJobAndNoNode() throws Exception {
        String id = submit("exits", wordCount(PKG + ".ExitMapper", "maxAttempts: 3\n"));
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).isEqualTo("Failed");
        assertThat(end.get("error").asText()).contains("failed 3 times", "task process exited with code 3", "(System.exit in job code?)",
                "giving up on this line is POISON");
        assertThat(end.get("counters").get("failedAttempts").asLong()).isEqualTo(3);
        assertThat(end.get("failures")).hasSize(3).allSatisfy(f -> {
            assertThat(f.get("task").asText()).isEqualTo("m-00002");
            assertThat(f.get("node").asText()).startsWith("proc-");
            assertThat(f.get("error").asText()).contains("task process exited with code 3 during map m-00002 of job " + id);
        });
        assertRingIntact();

        String next = submit("after-exit", "input: {dataset: corpus}\nmapper: {class: io.chordmr.examples.WordCountMapper}\n"
                + "combiner: {class: io.chordmr.examples.SumReducer}\nreducer: {class: io.chordmr.examples.SumReducer}\nreduces: 3\n");
        JsonNode ok = awaitEnd(next);
        assertThat(ok.get("state").asText()).as(ok.toString()).isEqualTo("Succeeded");
        assertThat(result(ok)).isEqualTo(Jobs.countWords(corpus));

        // A node that restarts reads the failed job's record and leaves it failed.
        ring.kill9(2);
        ring.restart(2);
        ring.awaitRing();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode s = ring.get(2, "/jobs/" + id);
            return s != null && "Failed".equals(s.get("state").asText()) && s.get("counters").get("failedAttempts").asLong() == 3;
        });
    }

    @Test
    @Order(2)
    void aMapperThatFillsItsHeapFailsNamingMemoryAndEveryByteStaysStored() throws Exception {
        // The job's own heap, smaller than the nodes' 96 MiB default.
        String id = submit("eats-heap", wordCount(PKG + ".HeapMapper", "maxAttempts: 2\ntaskHeap: 64Mi\n"));
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).isEqualTo("Failed");
        assertThat(end.get("error").asText()).contains("failed 2 times", "task process ran out of memory (heap 64 MiB)");
        assertRingIntact();
        for (String dataset : List.of("text", "corpus")) {
            Path out = ring.dir().resolve(dataset + ".back");
            assertThat(ring.client(1, out, "get", dataset)).as(ring.clientErrors()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ring.dir().resolve(dataset + ".txt")));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ring.get(0, "/ring").get("members")
                .forEach(m -> assertThat(m.get("underReplicated").asLong()).as(m.toString()).isZero()));
    }

    @Test
    @Order(3)
    void aReducerThatThrowsFailsTheJobWithItsMessage() throws Exception {
        String id = submit("throws", wordCount("io.chordmr.examples.WordCountMapper", "maxAttempts: 2\n")
                .replace("io.chordmr.examples.SumReducer", PKG + ".ThrowingReducer"));
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).isEqualTo("Failed");
        assertThat(end.get("error").asText()).contains("failed 2 times", "reduce failed on key", "IllegalStateException: reducer refuses key");
        assertRingIntact();
    }

    @Test
    @Order(4)
    void aCombinerThatHaltsItsProcessFailsTheJob() throws Exception {
        String id = submit("halts", wordCount("io.chordmr.examples.WordCountMapper", "maxAttempts: 2\ncombiner: {class: "
                + PKG + ".HaltingCombiner}\n").replace("dataset: text", "dataset: corpus"));
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).isEqualTo("Failed");
        assertThat(end.get("error").asText()).contains("task process exited with code 7");
        assertRingIntact();
    }

    @Test
    @Order(5)
    void aMapperThatIgnoresItsKillHasItsProcessKilledAtTheTimeOut() throws Exception {
        Path pids = Files.createDirectories(ring.dir().resolve("spin-pids"));
        // The time-out leaves room for a cold task JVM to reach the line: the clean-checkout run saw the second
        // attempt's new JVM time out at 2 s before it got there (no pid file), on a busy machine.
        String id = submit("spins", wordCount(PKG + ".SpinMapper", "maxAttempts: 2\nspeculative: false\ntaskTimeoutSeconds: 8\nconfig: {pidDir: '"
                + pids + "'}\n"));
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).isEqualTo("Failed");
        assertThat(end.get("error").asText()).contains("no progress for 8 s");
        List<Long> spinners;
        try (var files = Files.list(pids)) {
            spinners = files.map(f -> Long.parseLong(f.getFileName().toString())).toList();
        }
        assertThat(spinners).hasSize(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> spinners.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false)));
        assertRingIntact();
    }

    @Test
    @Order(6)
    void aStreamingStepThatForksAChildHasItsWholeGroupKilled() throws Exception {
        Path pids = ring.dir().resolve("forked.pids");
        String id = submit("forks", """
                input: {dataset: corpus}
                mapper: {command: "sleep 100000 >/dev/null 2>&1 & echo $! >> %s; awk '{for (i = 1; i <= NF; i++) print $i \\"\\\\t1\\"}'"}
                reducer: {command: "awk -F '\\\\t' '{c[$1] += $2} END {for (k in c) print k \\"\\\\t\\" c[k]}'"}
                reduces: 2
                speculative: false
                """.formatted(pids)); // one attempt a map, so one forked child each: a backup would fork one more
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
        assertThat(result(end)).isEqualTo(Jobs.countWords(corpus));
        List<Long> forked = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(forked).hasSize(end.get("maps").get("total").asInt());
        await().atMost(Duration.ofSeconds(30)).until(() -> forked.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false)));
    }

    @Test
    @Order(7)
    void killNineOfTaskProcessesMidMapRetriesTheirAttemptsAndTheResultIsExact() throws Exception {
        String id = submit("kill-tasks", """
                input: {dataset: corpus}
                mapper: {class: io.chordmr.engine.testjobs.SlowMapper}
                combiner: {class: io.chordmr.examples.SumReducer}
                reducer: {class: io.chordmr.examples.SumReducer}
                reduces: 3
                config: {mapSleepMs: '100'}
                """);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode s = ring.get(0, "/jobs/" + id);
            return s != null && s.get("maps").get("succeeded").asInt() >= 1 && s.get("maps").get("running").asInt() >= 2;
        });
        List<ProcessHandle> killed = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            killed.addAll(ring.taskProcesses(i));
        }
        assertThat(killed).isNotEmpty();
        killed.forEach(ProcessHandle::destroyForcibly); // SIGKILL
        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
        assertThat(end.get("counters").get("failedAttempts").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(result(end)).isEqualTo(Jobs.countWords(corpus));
        assertRingIntact();
    }
}
