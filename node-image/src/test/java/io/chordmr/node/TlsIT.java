package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.chordmr.client.ClusterCa;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.NodeApi;
import io.chordmr.client.NodeApiException;
import io.chordmr.engine.Jobs;
import io.chordmr.net.NodeTls;
import io.chordmr.net.RecordingProxy;
import io.chordmr.net.TestCa;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes with TLS on both ports, on real sockets: a ring that stores, serves and runs a job; what
 * a recording relay sees of the token and the data (nothing); clients and nodes without the CA
 * refused; a renewed certificate used without a restart; an expired one refused with a clear word.
 */
class TlsIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    @TempDir
    static Path dir;
    private static TestCa ca;
    private static TestRing ring;
    private static final Map<String, NodeTls.Pem> certs = new HashMap<>();
    private static String reloadBefore;

    @BeforeAll
    static void start() {
        reloadBefore = System.setProperty("chordmr.tls.reloadMillis", "200");
        ca = TestCa.create(dir, "ring-ca");
        ring = new TestRing();
        for (int i = 0; i < 3; i++) {
            String name = "node-" + i;
            certs.put(name, ca.issue(dir, name));
            ring.startNode(name, c -> c.withTls(certs.get(name)));
        }
        ring.awaitConverged();
    }

    @AfterAll
    static void stop() {
        ring.close();
        if (reloadBefore == null) {
            System.clearProperty("chordmr.tls.reloadMillis");
        } else {
            System.setProperty("chordmr.tls.reloadMillis", reloadBefore);
        }
    }

    private static NodeApi api(int httpPort) {
        HttpClient http = HttpClient.newBuilder().sslContext(ClusterCa.sslContext(ca.certFile())).connectTimeout(Duration.ofSeconds(10)).build();
        return NodeApi.of(http, List.of(URI.create("https://127.0.0.1:" + httpPort)), TestRing.TOKEN.value());
    }

    @Test
    void aTlsRingStoresServesAndRunsAJobAndTheWireShowsNeitherTokenNorData() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            lines.add("zebracorn-" + (i % 37) + " quagga lorem-" + (i % 11));
        }
        Path input = Files.write(dir.resolve("input.txt"), lines);
        ChordMrNode entry = ring.node("node-0");
        try (RecordingProxy wire = new RecordingProxy(entry.httpPort())) {
            NodeApi api = api(wire.port());
            assertThat(api.put("tls-input", input, 8_192L, null, false).chunks()).isGreaterThan(3);
            assertThat(new String(api.open("tls-input").readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(input));
            api.submit("tls-job", "tls-job", Jobs.wordCount("tls-input", 2));
            await().atMost(LONG).until(() -> api.job("tls-job").map(JobStatus::terminal).orElse(false));
            JobStatus done = api.job("tls-job").orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(JobState.SUCCEEDED);
            String output = new String(api.open(done.outputDataset()).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(Jobs.counts(output.lines().toList())).isEqualTo(Jobs.countWords(Files.readAllBytes(input)));
            String seen = new String(wire.seen(), StandardCharsets.ISO_8859_1);
            assertThat(seen.length()).as("the relay carried the exchange").isGreaterThan(Files.readString(input).length());
            assertThat(seen).doesNotContain(TestRing.TOKEN.value(), "zebracorn", "quagga", "Authorization", "HTTP/1.1");
        }

        // A fourth node joins through a relay on node-1's ring port: the join's frames carry the token, the relay sees none.
        try (RecordingProxy ringWire = new RecordingProxy(ring.node("node-1").address().port())) {
            certs.put("node-3", ca.issue(dir, "node-3"));
            List<io.chordmr.net.Address> via = List.of(new io.chordmr.net.Address("127.0.0.1", ringWire.port()));
            ChordMrNode joined = ChordMrNode.start(NodeConfig.loopback("node-3", dir.resolve("node-3"), via, TestRing.TOKEN)
                    .withTls(certs.get("node-3")));
            try {
                await().atMost(LONG).until(() -> joined.ring().isMember() && entry.ring().members(16).size() == 4);
                assertThat(ringWire.seen().length).isPositive();
                assertThat(new String(ringWire.seen(), StandardCharsets.ISO_8859_1)).doesNotContain(TestRing.TOKEN.value());
            } finally {
                joined.leave();
                joined.close();
            }
        }
        await().atMost(LONG).until(() -> entry.ring().members(16).size() == 3);
    }

    @Test
    void clientsAndNodesWithoutTheCaAreRefused() throws Exception {
        int port = ring.node("node-1").httpPort();
        // The JDK's own trust store does not know the ring's CA.
        NodeApi untrusting = NodeApi.of(List.of(URI.create("https://127.0.0.1:" + port)), TestRing.TOKEN.value());
        assertThatThrownBy(untrusting::ring).isInstanceOf(NodeApiException.class);
        NodeApi plain = NodeApi.of(List.of(URI.create("http://127.0.0.1:" + port)), TestRing.TOKEN.value());
        assertThatThrownBy(plain::ring).isInstanceOf(NodeApiException.class);
        assertThat(api(port).ring().size()).isEqualTo(3);

        // A node of another CA, with the right token, cannot join: no ring member accepts its certificate.
        TestCa other = TestCa.create(dir, "other-ca");
        NodeTls.Pem foreign = other.issue(dir, "intruder");
        ChordMrNode intruder = ChordMrNode.start(NodeConfig.loopback("intruder", dir.resolve("intruder"),
                List.of(ring.node("node-0").address()), TestRing.TOKEN).withTls(foreign));
        try {
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                    .until(() -> !intruder.ring().isMember() && ring.node("node-0").ring().members(16).size() == 3);
        } finally {
            intruder.close();
        }
    }

    @Test
    void aRenewedCertificateIsServedWithoutARestartAndAnExpiredRenewalIsNot() throws Exception {
        ChordMrNode n = ring.node("node-2");
        BigInteger first = TestCa.serialOf(certs.get("node-2").cert());
        assertThat(presented(n.httpPort()).getSerialNumber()).isEqualTo(first);
        Instant now = Instant.now();
        NodeTls.Pem renewed = ca.issue(dir, "node-2", now.minusSeconds(60), now.plus(Duration.ofDays(30)));
        BigInteger second = TestCa.serialOf(renewed.cert());
        await().atMost(LONG).until(() -> presented(n.httpPort()).getSerialNumber().equals(second));
        // The ring goes on through the renewal: data stored through one node reads back through the renewed one.
        Path small = Files.writeString(dir.resolve("after-renewal.txt"), "after the renewal\n");
        api(ring.node("node-0").httpPort()).put("after-renewal", small, null, null, true);
        assertThat(new String(api(n.httpPort()).open("after-renewal").readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("after the renewal\n");

        ca.issue(dir, "node-2", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(20))
                .until(() -> presented(n.httpPort()).getSerialNumber().equals(second));
    }

    @Test
    void aNodeWithAnExpiredCertificateDoesNotStartAndSaysWhy() {
        Instant now = Instant.now();
        NodeTls.Pem expired = ca.issue(dir, "stale", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> ChordMrNode.start(NodeConfig.loopback("stale", dir.resolve("stale"), List.of(), TestRing.TOKEN)
                .withTls(expired))).isInstanceOf(NodeTls.TlsException.class)
                .hasMessageContaining(expired.cert().toString()).hasMessageContaining("expired at").hasMessageContaining("renew it");
    }

    @Test
    void aNodeWhoseKeyIsNotItsCertificatesDoesNotStartAndSaysWhy() {
        NodeTls.Pem one = ca.issue(dir, "one");
        NodeTls.Pem two = ca.issue(dir, "two");
        NodeTls.Pem mixed = new NodeTls.Pem(one.cert(), two.key(), one.ca());
        assertThatThrownBy(() -> ChordMrNode.start(NodeConfig.loopback("one", dir.resolve("one"), List.of(), TestRing.TOKEN)
                .withTls(mixed))).isInstanceOf(NodeTls.TlsException.class)
                .hasMessageContaining(two.key().toString()).hasMessageContaining("is not the key of the certificate " + one.cert());
    }

    /** The certificate a node shows a new TLS connection on its HTTP port. */
    private static X509Certificate presented(int port) throws IOException {
        try (SSLSocket s = (SSLSocket) ClusterCa.sslContext(ca.certFile()).getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }
}
