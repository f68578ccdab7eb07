package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chordmr.engine.Jobs;
import io.chordmr.net.NodeTls;
import io.chordmr.net.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three {@code chordmr node} processes started with --tls-cert, --tls-key and --tls-ca, driven by the command line with --ca-file. */
class TlsProcessIT {

    @TempDir
    Path pki;

    @Test
    void putGetAndAJobWorkOverTlsFromTheCommandLine() throws Exception {
        TestCa ca = TestCa.create(pki, "ring-ca");
        NodeTls.Pem[] certs = {ca.issue(pki, "proc-0"), ca.issue(pki, "proc-1"), ca.issue(pki, "proc-2")};
        try (ProcessRing ring = new ProcessRing(3, i -> List.of("-Xmx256m", "-XX:+UseSerialGC"),
                i -> List.of("--tls-cert", certs[i].cert().toString(), "--tls-key", certs[i].key().toString(), "--tls-ca", ca.certFile().toString()),
                ca.certFile())) {
            byte[] corpus = Jobs.zipfCorpus(3, 1 << 20, 5_000);
            Path input = Files.write(ring.dir().resolve("corpus.txt"), corpus);
            assertThat(ring.client(0, ring.dir().resolve("put.out"), "put", "--split-bytes", "65536", "corpus", input.toString()))
                    .as(ring.clientErrors()).isZero();
            Path got = ring.dir().resolve("get.out");
            assertThat(ring.client(2, got, "get", "corpus")).as(ring.clientErrors()).isZero();
            assertThat(Files.readAllBytes(got)).isEqualTo(corpus);

            Path manifest = Files.writeString(ring.dir().resolve("wc.yaml"), """
                    apiVersion: chordmr.io/v1alpha1
                    kind: MapReduceJob
                    metadata: {name: tls-wc}
                    spec:
                      input: {dataset: corpus}
                      mapper: {class: io.chordmr.examples.WordCountMapper}
                      combiner: {class: io.chordmr.examples.SumReducer}
                      reducer: {class: io.chordmr.examples.SumReducer}
                      reduces: 2
                    """);
            Path submitted = ring.dir().resolve("submit.out");
            assertThat(ring.client(1, submitted, "submit", manifest.toString())).as(ring.clientErrors()).isZero();
            String id = Files.readString(submitted).trim();
            JsonNode[] end = new JsonNode[1];
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                end[0] = ring.get(1, "/jobs/" + id);
                return end[0] != null && List.of("Succeeded", "Failed", "Cancelled").contains(end[0].get("state").asText());
            });
            assertThat(end[0].get("state").asText()).as(end[0].toString()).isEqualTo("Succeeded");
            Path result = ring.dir().resolve("result.out");
            assertThat(ring.client(0, result, "get", end[0].get("outputDataset").asText())).as(ring.clientErrors()).isZero();
            assertThat(Jobs.counts(List.of(Files.readString(result).split("\n")))).isEqualTo(Jobs.countWords(corpus));

            // Without the CA the command line cannot reach the ring: it refuses the node's certificate, saying so.
            Path err = ring.dir().resolve("plain.err");
            int rc = NodeProcess.run(ring.dir().resolve("plain.out"), err, "ring", "--ring", ring.ringAddress(0), "--token-file",
                    ring.tokenFile().toString());
            assertThat(rc).isNotZero();
        }
    }
}
