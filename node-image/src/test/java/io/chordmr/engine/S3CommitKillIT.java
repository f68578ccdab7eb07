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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3 output when node processes die with SIGKILL mid-commit: each node reaches S3Proxy through
 * an endpoint of its own, so the test holds one node's call (a reduce attempt's part upload, the
 * coordinator's completion of a part) and kills exactly that node while the call is in flight.
 * Whatever dies, the prefix ends with one whole part per partition, then {@code _SUCCESS}, and
 * no upload left open.
 */
class S3CommitKillIT {

    private static final int NODES = 3;
    private static final int REDUCES = 3;
    private static final byte[] CORPUS = Jobs.zipfCorpus(41, 1 << 20, 8_000);

    private S3ProxyServer server;
    private ProcessRing ring;

    @BeforeEach
    void start() throws Exception {
        server = new S3ProxyServer("out");
        List<List<String>> jvm = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
            options.addAll(server.jvmOptions(i));
            jvm.add(options);
        }
        ring = new ProcessRing(NODES, jvm::get, List.of());
        Path input = Files.write(ring.dir().resolve("corpus.txt"), CORPUS);
        assertThat(ring.client(0, ring.dir().resolve("put.out"), "put", "--split-bytes", "131072", "corpus", input.toString()))
                .as(ring.clientErrors()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        ring.close();
        server.close();
    }

    private String submit(String name, String prefix) throws Exception {
        Path manifest = Files.writeString(ring.dir().resolve(name + ".yaml"), """
                apiVersion: chordmr.io/v1alpha1
                kind: MapReduceJob
                metadata: {name: %s}
                spec:
                  input: {dataset: corpus}
                  mapper: {class: io.chordmr.examples.WordCountMapper}
                  combiner: {class: io.chordmr.examples.SumReducer}
                  reducer: {class: io.chordmr.examples.SumReducer}
                  reduces: %d
                  output: {url: 's3://out/%s'}
                """.formatted(name, REDUCES, prefix));
        Path out = ring.dir().resolve("submit.out");
        assertThat(ring.client(0, out, "submit", manifest.toString())).as(ring.clientErrors()).isZero();
        return Files.readString(out).trim();
    }

    private JsonNode awaitEnd(String id) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (int i = 0; i < NODES; i++) {
                    if (ring.alive(i) && (last[0] = ring.get(i, "/jobs/" + id)) != null) {
                        String state = last[0].get("state").asText();
                        return state.equals("Succeeded") || state.equals("Failed") || state.equals("Cancelled");
                    }
                }
                return false;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.err.println("last status: " + last[0]);
            dumpNodeLogs();
            throw e;
        }
        return last[0];
    }

    /** Leaves the nodes' own account of what happened in the test report. */
    private void dumpNodeLogs() {
        for (int i = 0; i < NODES; i++) {
            try {
                List<String> lines = Files.readAllLines(ring.dir().resolve("node-" + i + ".log"));
                System.err.println("---- node-" + i + ".log (last 60 lines)");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
            } catch (java.io.IOException unreadable) {
                System.err.println("---- node-" + i + ".log: " + unreadable);
            }
        }
    }

    private List<String> keys(String prefix) {
        return server.client().listObjectsV2Paginator(b -> b.bucket("out").prefix(prefix)).contents().stream().map(S3Object::key).sorted()
                .toList();
    }

    private int openUploads(String prefix) {
        return server.client().listMultipartUploads(b -> b.bucket("out").prefix(prefix)).uploads().size();
    }

    /** The prefix holds exactly the job's parts and _SUCCESS, the counts read once from the parts are exact, no upload is left open. */
    private void assertCommittedExactlyOnce(String prefix) {
        List<String> expected = new ArrayList<>(List.of(prefix + "_SUCCESS"));
        IntStream.range(0, REDUCES).forEach(p -> expected.add(prefix + String.format("part-r-%05d", p)));
        assertThat(keys(prefix)).containsExactlyElementsOf(expected);
        List<String> lines = new ArrayList<>();
        for (String k : keys(prefix)) {
            if (k.contains("part-r-")) {
                server.client().getObjectAsBytes(b -> b.bucket("out").key(k)).asString(StandardCharsets.UTF_8).lines().forEach(lines::add);
            }
        }
        Map<String, Long> counts = Jobs.counts(lines);
        assertThat(counts).isEqualTo(Jobs.countWords(CORPUS));
        assertThat(lines).hasSameSizeAs(counts.keySet());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> openUploads(prefix) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            server.client().listMultipartUploads(b -> b.bucket("out").prefix(prefix)).uploads()
                    .forEach(u -> System.err.println("open upload: " + u.key() + " " + u.uploadId() + " initiated " + u.initiated()));
            dumpNodeLogs();
            throw e;
        }
    }

    private static int indexOf(String nodeName) {
        return Integer.parseInt(nodeName.substring(nodeName.lastIndexOf('-') + 1));
    }

    @Test
    void killNineOfAReduceWorkerWhileItUploadsItsPart() throws Exception {
        // Parts of a reduce's output go up from its node's own endpoint; the coordinator's node is spared.
        int[] coordinator = {-1};
        S3ProxyServer.Gate gate = server.hold(c -> c.method().equals("uploadMultipartPart") && c.endpoint() != coordinator[0]);
        String id = submit("kill-uploader", "upload/");
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            JsonNode s = ring.get(0, "/jobs/" + id);
            if (s != null && s.hasNonNull("coordinator")) {
                coordinator[0] = indexOf(s.get("coordinator").asText());
            }
            return coordinator[0] >= 0;
        });
        S3ProxyServer.Call held = gate.awaitHeld(Duration.ofMinutes(3));
        ring.kill9(held.endpoint());
        // The dead node's part now reaches the store: an upload nobody will complete.
        gate.release();

        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
        assertCommittedExactlyOnce("upload/");
    }

    @Test
    void killNineOfTheCoordinatorHalfWayThroughTheCommit() throws Exception {
        // Only a coordinator completes uploads: it has completed part 0 when part 1's completion is held.
        S3ProxyServer.Gate gate = server.hold(c -> c.method().equals("completeMultipartUpload") && c.key().endsWith("part-r-00001"));
        String id = submit("kill-committer", "commit/");
        S3ProxyServer.Call held = gate.awaitHeld(Duration.ofMinutes(3));
        assertThat(keys("commit/")).containsExactly("commit/part-r-00000");
        ring.kill9(held.endpoint());
        gate.release();

        JsonNode end = awaitEnd(id);
        assertThat(end.get("state").asText()).as(end.toString()).isEqualTo("Succeeded");
        int successor = indexOf(end.get("coordinator").asText());
        assertThat(successor).isNotEqualTo(held.endpoint());
        assertCommittedExactlyOnce("commit/");
        // The successor met part 0 completed by the dead coordinator, and recognised it.
        try {
            assertThat(Files.readString(ring.dir().resolve("node-" + successor + ".log"))).contains("found commit/part-r-00000 completed already");
        } catch (AssertionError e) {
            // Seen once in many clean-checkout runs (the commit itself exact and once): every node's account, to tell why.
            dumpNodeLogs();
            throw e;
        }
    }
}
