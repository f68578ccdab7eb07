package io.chordmr.node;

import io.chordmr.client.ClusterCa;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.NodeApi;
import io.chordmr.engine.Jobs;
import io.chordmr.net.NodeTls;
import io.chordmr.net.TestCa;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Put, get and a word count on a three-node in-process ring with TLS on both ports against the
 * same without, alternating in one run. Not a test: run it from node-image after
 * {@code mvn -o package -DskipTests}:
 * {@code java -Xmx3g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.chordmr.node.TlsBenchmark 256 3}
 * (MiB of input, rounds).
 */
public final class TlsBenchmark {

    private TlsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("chordmr-tls-bench");
        Path input = Files.write(dir.resolve("input.txt"), Jobs.zipfCorpus(7, mb << 20, 50_000));
        double size = Files.size(input) / 1e6;
        TestCa ca = TestCa.create(dir, "bench-ca");
        System.out.printf(Locale.ROOT, "input %d MiB, 3 in-process nodes, replication 3, %d cores, max heap %d MiB%n", mb,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-6s %-5s %10s %10s %12s%n", "round", "mode", "put MB/s", "get MB/s", "word count s");
        for (int round = 1; round <= rounds; round++) {
            for (boolean tls : List.of(false, true)) {
                try (TestRing ring = new TestRing()) {
                    for (int i = 0; i < 3; i++) {
                        String name = "node-" + i;
                        NodeTls.Pem pem = tls ? ca.issue(dir, name) : null;
                        ring.startNode(name, c -> pem == null ? c : c.withTls(pem));
                    }
                    ring.awaitConverged();
                    ChordMrNode first = ring.node("node-0");
                    HttpClient.Builder http = HttpClient.newBuilder();
                    if (tls) {
                        http.sslContext(ClusterCa.sslContext(ca.certFile()));
                    }
                    NodeApi api = NodeApi.of(http.build(), List.of(URI.create((tls ? "https" : "http") + "://127.0.0.1:" + first.httpPort())),
                            TestRing.TOKEN.value());
                    long t0 = System.nanoTime();
                    api.put("bench", input, null, null, false);
                    double put = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    try (InputStream in = api.open("bench")) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    double get = (System.nanoTime() - t0) / 1e9;
                    t0 = System.nanoTime();
                    api.submit("wc", "wc", Jobs.wordCount("bench", 3));
                    JobStatus end = Jobs.awaitEnd(first, "wc", Duration.ofMinutes(30));
                    double job = (System.nanoTime() - t0) / 1e9;
                    if (end.state() != JobState.SUCCEEDED) {
                        throw new IllegalStateException("the word count ended " + end.state() + ": " + end.error());
                    }
                    System.out.printf(Locale.ROOT, "%-6d %-5s %10.1f %10.1f %12.2f%n", round, tls ? "tls" : "plain", size / put, size / get, job);
                }
            }
        }
    }
}
