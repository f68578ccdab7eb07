package io.chordmr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.TreeMap;
import java.util.Map;
import java.util.Collections;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node's HTTP API on a real socket, through the JDK's client: routes, errors, uploads, jobs. */
class HttpApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = TestRing.TOKEN.value();
    private static TestRing ring;
    private static ChordMrNode node;

    @BeforeAll
    static void start() {
        ring = new TestRing().start(2);
        node = ring.any();
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private static HttpResponse<String> call(String method, String path, String token, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).method(method, body)
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(String method, String path) {
        return call(method, path, TOKEN, HttpRequest.BodyPublishers.noBody());
    }

    private static HttpResponse<String> call(String method, String path, String body) {
        return call(method, path, TOKEN, HttpRequest.BodyPublishers.ofString(body));
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anUnknownPathIsA404AndAKnownOneWithTheWrongMethodA405ThatSaysWhatIsAllowed() {
        HttpResponse<String> missing = call("GET", "/nothing/here");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).isEqualTo("no route for GET /nothing/here");
        HttpResponse<String> wrong = call("POST", "/datasets/some-name");
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("PUT, GET, DELETE");
        assertThat(json(wrong).path("error").asText()).isEqualTo("POST is not allowed on /datasets/some-name; it allows PUT, GET, DELETE");
        assertThat(call("GET", "/jobs/a/b").statusCode()).as("an id is one path segment").isEqualTo(404);
    }

    @Test
    void withoutTheTokenOnlyTheProbesAnswer() {
        assertThat(call("GET", "/nothing/here", null, HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/jobs", "wrong-token", HttpRequest.BodyPublishers.ofString("{}")).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/readyz", null, HttpRequest.BodyPublishers.noBody()).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/healthz", null, HttpRequest.BodyPublishers.noBody()).body()).contains("\"ok\"");
    }

    @Test
    void aDatasetGoesUpAndComesBackByteForByteThenGoes() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            text.append("line ").append(i).append(" of the upload\n");
        }
        HttpResponse<String> put = call("PUT", "/datasets/http-round-trip?splitBytes=65536", text.toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(json(put).path("records").asLong()).isEqualTo(50_000);
        assertThat(json(put).path("chunks").asInt()).isGreaterThan(1);
        assertThat(call("GET", "/datasets/http-round-trip").body()).isEqualTo(text.toString());
        assertThat(call("GET", "/datasets").body()).contains("http-round-trip");
        assertThat(call("PUT", "/datasets/http-round-trip", "again\n").statusCode()).as("exists").isEqualTo(409);
        assertThat(call("DELETE", "/datasets/http-round-trip").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/datasets/http-round-trip").statusCode()).isEqualTo(404);
    }

    @Test
    void linesGivesTheFirstLinesOfADatasetAcrossChunks() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            text.append("record ").append(i).append('\n');
        }
        assertThat(call("PUT", "/datasets/http-head?splitRecords=7", text.toString()).statusCode()).isEqualTo(201);
        List<String> lines = List.of(text.toString().split("\n"));
        for (int n : new int[] {1, 7, 8, 25}) {
            assertThat(call("GET", "/datasets/http-head?lines=" + n).body()).as("lines=" + n)
                    .isEqualTo(String.join("\n", lines.subList(0, n)) + "\n");
        }
        assertThat(call("GET", "/datasets/http-head?lines=5000").body()).as("more lines than it has").isEqualTo(text.toString());
        HttpResponse<String> zero = call("GET", "/datasets/http-head?lines=0");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).contains("lines must be a positive whole number, got '0'");
        assertThat(call("GET", "/datasets/http-head?lines=10001").body()).contains("lines is at most 10000");
    }

    @Test
    void theRingListsEachMembersTokenPositionsWhenAskedAndTheTasksRunningOnIt() throws Exception {
        assertThat(json(call("GET", "/ring")).path("members").get(0).path("positions").isNull()).as("only when asked").isTrue();
        JsonNode ringView = json(call("GET", "/ring?positions=true"));
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (JsonNode m : ringView.path("members")) {
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < m.path("tokens").asInt(); v++) {
                byte[] d = sha1.digest((m.path("name").asText() + "#" + v).getBytes(StandardCharsets.UTF_8));
                expected.add(HexFormat.of().formatHex(d, 0, 8));
            }
            List<String> shown = new ArrayList<>();
            m.path("positions").forEach(p -> shown.add(p.asText()));
            assertThat(shown).as(m.path("name").asText()).hasSize(64).isEqualTo(expected);
        }

        Path gate = Files.createTempFile("chordmr-gate", "");
        try {
            String job = """
                    {"id": "running-tasks", "name": "running-tasks", "spec": {
                      "input": {"lines": [%s]}, "split": {"records": 20}, "config": {"gate": "%s"},
                      "mapper": {"class": "io.chordmr.engine.testjobs.GatedMapper"},
                      "reducer": {"class": "io.chordmr.examples.SumReducer"}, "reduces": 1}}"""
                    .formatted(String.join(",", Collections.nCopies(80, "\"w x y\"")), gate.toString().replace("\\", "\\\\"));
            assertThat(call("POST", "/jobs", job).statusCode()).isEqualTo(201);
            // Held at the gate, the maps stay running: each member's count is the attempts the coordinator has running there.
            await().atMost(Duration.ofSeconds(120)).until(() -> runningByNode("running-tasks").values().stream().mapToInt(i -> i).sum() > 0
                    && runningByNode("running-tasks").equals(tasksRunning()));
        } finally {
            Files.delete(gate);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> "Succeeded".equals(json(call("GET", "/jobs/running-tasks")).path("state").asText()));
        assertThat(tasksRunning().values()).allMatch(n -> n == 0);
    }

    private static Map<String, Integer> runningByNode(String job) {
        Map<String, Integer> byNode = new TreeMap<>();
        ring.nodes().forEach(n -> byNode.put(n.config().name(), 0));
        json(call("GET", "/jobs/" + job + "/tasks")).path("tasks").forEach(t -> t.path("attempts").forEach(a -> {
            if (a.path("state").asText().equals("Running")) {
                byNode.merge(a.path("node").asText(), 1, Integer::sum);
            }
        }));
        return byNode;
    }

    private static Map<String, Integer> tasksRunning() {
        Map<String, Integer> byNode = new TreeMap<>();
        json(call("GET", "/ring")).path("members").forEach(m -> byNode.put(m.path("name").asText(), m.path("tasksRunning").asInt()));
        return byNode;
    }

    @Test
    void theReplicasOfADatasetAreWhatEachNodesOwnDiskHolds() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("row ").append(i).append('\n');
        }
        assertThat(call("PUT", "/datasets/placed?splitBytes=16384", text.toString()).statusCode()).isEqualTo(201);
        HttpResponse<String> r = call("GET", "/datasets/placed/replicas");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode view = json(r);
        int chunks = view.path("chunks").asInt();
        assertThat(chunks).isGreaterThan(5);
        assertThat(view.path("replication").asInt()).as("RF 3 capped at two nodes").isEqualTo(2);
        // The ground truth: each node's own chunk store, read in this JVM, not over the API's listings.
        view.path("chunkList").forEach(c -> {
            Set<String> onDisk = new HashSet<>();
            ring.nodes().forEach(n -> {
                if (n.store().local().entry(c.path("key").asText()) != null) {
                    onDisk.add(n.config().name());
                }
            });
            Set<String> listed = new HashSet<>();
            c.path("holders").forEach(h -> listed.add(h.asText()));
            assertThat(listed).as("holders of %s", c.path("key").asText()).isEqualTo(onDisk);
        });
        long bytes = 0;
        for (JsonNode c : view.path("chunkList")) {
            bytes += c.path("bytes").asLong();
        }
        assertThat(bytes).isEqualTo(text.length());
        // A put returns once every replica has its chunk on disk.
        assertThat(view.path("fullyReplicated").asInt()).isEqualTo(chunks);
        assertThat(view.path("underReplicated").asInt()).isZero();
        assertThat(view.path("nodes")).hasSize(2);
        assertThat(call("GET", "/datasets/no-such-data/replicas").statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/datasets/placed").statusCode()).isEqualTo(200);
    }

    @Test
    void anUploadWithABadSplitIsRefusedWithTheReasonAndStoresNothing() {
        HttpResponse<String> r = call("PUT", "/datasets/bad-split?splitBytes=-3", "x\n");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("splitBytes must be a positive whole number, got '-3'");
        assertThat(node.datasets().meta("bad-split")).isNull();
    }

    @Test
    void aBodyOverTheLimitIsA413NamingTheLimit() {
        byte[] big = new byte[HttpApiServer.MAX_BODY_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = call("POST", "/jobs", TOKEN, HttpRequest.BodyPublishers.ofByteArray(big));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).startsWith("a request body may be at most " + HttpApiServer.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void aJobIsSubmittedWatchedAndForgotten() {
        String job = """
                {"id": "http-job", "name": "http-job", "spec": {
                  "input": {"lines": ["a b a", "b a"]},
                  "mapper": {"class": "io.chordmr.examples.WordCountMapper"},
                  "reducer": {"class": "io.chordmr.examples.SumReducer"}, "reduces": 1}}""";
        HttpResponse<String> submitted = call("POST", "/jobs", job);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> "Succeeded".equals(json(call("GET", "/jobs/http-job")).path("state").asText()));
        JsonNode done = json(call("GET", "/jobs/http-job"));
        assertThat(call("GET", "/datasets/" + done.path("outputDataset").asText()).body()).isEqualTo("a\t3\nb\t2\n");
        assertThat(call("GET", "/jobs").body()).contains("http-job");
        assertThat(call("DELETE", "/jobs/http-job?purge=true").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/jobs/http-job").statusCode()).isEqualTo(404);
    }

    @Test
    void theTasksOfAJobListEveryAttemptWithItsNodeAndAFailedOnesError() {
        String job = """
                {"id": "tasks-job", "name": "tasks-job", "spec": {
                  "input": {"lines": ["a b", "c POISON d", "e f", "g h"]}, "split": {"records": 2}, "maxAttempts": 2,
                  "mapper": {"class": "io.chordmr.engine.testjobs.PoisonMapper"},
                  "reducer": {"class": "io.chordmr.examples.SumReducer"}, "reduces": 2}}""";
        assertThat(call("POST", "/jobs", job).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(120)).until(() -> "Failed".equals(json(call("GET", "/jobs/tasks-job")).path("state").asText()));
        JsonNode status = json(call("GET", "/jobs/tasks-job"));
        HttpResponse<String> r = call("GET", "/jobs/tasks-job/tasks");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode tasks = json(r);
        assertThat(tasks.path("state").asText()).isEqualTo("Failed");
        List<JsonNode> maps = new ArrayList<>();
        tasks.path("tasks").forEach(t -> {
            if (t.path("kind").asText().equals("map")) {
                maps.add(t);
            }
        });
        assertThat(maps).hasSize(status.path("maps").path("total").asInt()).hasSize(2);
        Set<String> members = new HashSet<>();
        ring.nodes().forEach(n -> members.add(n.config().name()));
        // The split holding the poison line failed both its attempts, each on a node of the ring, with the mapper's words.
        JsonNode failed = maps.stream().filter(t -> t.path("state").asText().equals("Failed")).findFirst().orElseThrow();
        assertThat(failed.path("error").asText()).contains("cannot digest 'c POISON d'");
        assertThat(failed.path("attempts")).hasSize(2).allSatisfy(a -> {
            assertThat(a.path("state").asText()).isEqualTo("Failed");
            assertThat(members).contains(a.path("node").asText());
            assertThat(a.path("error").asText()).contains("cannot digest");
            assertThat(a.path("endTime").asLong()).isGreaterThanOrEqualTo(a.path("startTime").asLong()).isPositive();
        });
        assertThat(failed.path("input").asText()).startsWith("tasks-job-input/");
        assertThat(call("GET", "/jobs/no-such-job/tasks").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNoJobIsA400() {
        HttpResponse<String> r = call("POST", "/jobs", "[1, 2");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).startsWith("the body is neither JSON nor YAML");
    }
}
