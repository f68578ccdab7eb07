package io.chordmr.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any bytes on the HTTP port of a real one-node ring, over a real loopback connection (the server
 * runs in this JVM, so the fuzzer sees the coverage of its codec, refusals and routes): half the
 * inputs are raw bytes, half a request of the fuzzer's making with the right token, so the routes
 * behind the token are reached too. No answer may be a 500, which only an unexpected failure
 * gives, and the node must stay a member and keep answering.
 */
class HttpRequestFuzzTest {

    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS");
    private static final List<String> PATHS = List.of("/datasets/", "/jobs/", "/ring", "/metrics", "/healthz", "/jobs", "/");
    private static TestRing ring;
    private static ChordMrNode node;

    @BeforeAll
    static void start() {
        ring = new TestRing().start(1);
        node = ring.any();
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    @FuzzTest(maxDuration = "10m")
    void noInputGetsA500(FuzzedDataProvider data) throws IOException {
        byte[] request;
        if (data.consumeBoolean()) {
            String path = data.pickValue(PATHS) + data.consumeString(64);
            String head = data.pickValue(METHODS) + " " + path + " HTTP/1.1\r\nHost: n\r\nAuthorization: Bearer "
                    + TestRing.TOKEN.value() + "\r\n" + data.consumeString(200) + "\r\n\r\n";
            request = concat(head.getBytes(StandardCharsets.ISO_8859_1), data.consumeRemainingAsBytes());
        } else {
            request = data.consumeRemainingAsBytes();
        }
        request = tamed(request);
        // Jazzer flags every connection it was not told of as request forgery, input by input: loopback is this test's
        // own, anything else the node would dial is a finding.
        String answer;
        try (SilentCloseable loopbackOnly = BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1")
                || host.equals("localhost"))) {
            answer = exchange(request);
        }
        assertThat(answer).as("answer to %s", new String(request, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 500");
        assertThat(node.ring().isMember()).isTrue();
    }

    /** Writes the bytes, ends the sending side, and reads what comes back until the node closes (at most 10 s). */
    private static String exchange(byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0); // a reset, not TIME_WAIT: a long run opens hundreds of thousands of connections
            s.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 10_000);
            s.setSoTimeout(10_000);
            try {
                s.getOutputStream().write(request);
                s.shutdownOutput();
            } catch (IOException closedEarly) {
                // the node refused and closed before all was written: what it answered is still there to read
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException ended) {
                // a reset after the answer, or a keep-alive answer the node did not close within the bound
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Two things a request may ask that a test must not do: leave the ring (POST /leave ends the
     * node, as it is meant to) and fetch a URL (input and dataset URLs reach beyond loopback).
     */
    private static byte[] tamed(byte[] request) {
        String s = new String(request, StandardCharsets.ISO_8859_1).replace("/leave", "/stay").replace("://", ":/_");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
