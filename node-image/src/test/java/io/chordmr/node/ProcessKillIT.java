package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three {@code chordmr node} processes; one is killed with SIGKILL; the data is still all there. */
class ProcessKillIT {

    private Path dir;
    private final List<Process> nodes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("chordmr-procs");
    }

    @AfterEach
    void tearDown() throws IOException, InterruptedException {
        for (Process p : nodes) {
            p.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int ringSize(int httpPort, String token) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/ring")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            int i = body.indexOf("\"size\" : ");
            return r.statusCode() == 200 && i >= 0 ? Integer.parseInt(body.substring(i + 9, body.indexOf(',', i)).trim()) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void killNineOfOneNodeLeavesEveryByteReadable() throws Exception {
        String token = "process-test-token-42";
        Path tokenFile = Files.writeString(dir.resolve("cluster.token"), token + "\n");
        int[] ports = new int[3];
        int[] http = new int[3];
        for (int i = 0; i < 3; i++) {
            ports[i] = NodeProcess.freePort();
            http[i] = NodeProcess.freePort();
            List<String> args = new ArrayList<>(List.of("node", "--name", "proc-" + i, "--bind", "127.0.0.1",
                    "--port", String.valueOf(ports[i]), "--http-port", String.valueOf(http[i]),
                    "--data-dir", dir.resolve("data-" + i).toString(), "--token-file", tokenFile.toString()));
            if (i > 0) {
                args.addAll(List.of("--join", "127.0.0.1:" + ports[0]));
            }
            nodes.add(NodeProcess.start(dir.resolve("node-" + i + ".log"), args.toArray(String[]::new)));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> ringSize(http[0], token) == 3 && ringSize(http[2], token) == 3);

        Path input = Files.write(dir.resolve("input.txt"), ReplicationIT.text(11, 3 << 20));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        assertThat(NodeProcess.run(out, err, "put", "--ring", "127.0.0.1:" + http[1], "--token-file", tokenFile.toString(),
                "--split-bytes", "262144", "corpus", input.toString())).as(Files.readString(err)).isZero();

        Process victim = nodes.get(1);
        victim.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no graceful leave
        assertThat(victim.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(NodeProcess.run(out, err, "get", "--ring", "127.0.0.1:" + http[2], "--token-file", tokenFile.toString(),
                "corpus")).as(Files.readString(err)).isZero();
        assertThat(Files.mismatch(out, input)).isEqualTo(-1L);
        await().atMost(Duration.ofSeconds(60)).until(() -> ringSize(http[0], token) == 2);
    }
}
