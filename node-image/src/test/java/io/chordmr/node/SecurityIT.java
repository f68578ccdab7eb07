package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chordmr.net.ClusterToken;
import io.chordmr.net.Dispatcher;
import io.chordmr.net.ErrorCode;
import io.chordmr.ring.RingMessageType;
import io.chordmr.store.StoreMessageType;
import io.chordmr.net.NettyTransport;
import io.chordmr.net.RemoteException;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecurityIT {

    private static TestRing ring;
    private static ChordMrNode node;
    private static byte[] original;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        ring = new TestRing().start(3);
        node = ring.any();
        original = ReplicationIT.text(9, 300_000);
        node.datasets().put("kept", new ByteArrayInputStream(original), Split.bytes(64 << 10), false);
    }

    @AfterAll
    static void stop() {
        ring.close();
    }

    private static void assertNothingChanged() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        node.datasets().copyTo(node.datasets().meta("kept"), out);
        assertThat(out.toByteArray()).isEqualTo(original);
        assertThat(ring.nodes()).allSatisfy(n -> assertThat(n.ring().isMember()).isTrue());
    }

    private static byte[] storePutBody(String key) {
        return new io.chordmr.net.BodyWriter(64).writeString(key).writeLong(Long.MAX_VALUE).writeBoolean(false)
                .writeBytes("evil".getBytes(StandardCharsets.UTF_8)).toByteArray();
    }

    @Test
    void ringRequestsWithAWrongOrMissingTokenAreRefusedAndChangeNothing() throws IOException {
        for (ClusterToken bad : new ClusterToken[] {ClusterToken.of("not-the-token"), ClusterToken.NONE}) {
            try (NettyTransport client = NettyTransport.start("127.0.0.1", 0, "127.0.0.1", bad, 1 << 20, 1, new Dispatcher(), null)) {
                assertThatThrownBy(() -> client.request(node.address(), StoreMessageType.STORE_PUT, storePutBody("kept/0"),
                        Duration.ofSeconds(10)).join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(RemoteException.class)
                        .satisfies(e -> assertThat(((RemoteException) e).code()).isEqualTo(ErrorCode.UNAUTHORIZED));
            }
        }
        assertThat(node.store().local().entry("kept/0") == null
                || node.store().local().entry("kept/0").version() != Long.MAX_VALUE).isTrue();
        assertNothingChanged();
    }

    @Test
    void garbageAndOversizedFramesCloseOnlyThatConnection() throws IOException {
        int port = node.address().port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: evil\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(30_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(Integer.MAX_VALUE);
            out.writeByte(1);
            out.flush();
            s.setSoTimeout(30_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (NettyTransport client = NettyTransport.start("127.0.0.1", 0, "127.0.0.1", TestRing.TOKEN, 1 << 20, 1, new Dispatcher(), null)) {
            assertThat(client.request(node.address(), RingMessageType.PING, new byte[0], Duration.ofSeconds(10)).join()).isEmpty();
        }
        assertNothingChanged();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    private static HttpResponse<String> http(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void httpWithoutTheTokenGets401AndStoresNothing() throws IOException {
        assertThat(http("PUT", "/datasets/intruder", null, "x\n").statusCode()).isEqualTo(401);
        assertThat(http("PUT", "/datasets/intruder", "wrong", "x\n").statusCode()).isEqualTo(401);
        assertThat(http("DELETE", "/datasets/kept", "wrong", null).statusCode()).isEqualTo(401);
        assertThat(http("GET", "/datasets/kept", null, null).statusCode()).isEqualTo(401);
        assertThat(http("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
        assertThat(http("GET", "/metrics", null, null).body()).contains("chordmr_store_keys");
        assertThat(node.datasets().meta("intruder")).isNull();
        assertNothingChanged();
    }

    @Test
    void badDatasetNamesAreRefusedWithTheReason() throws IOException {
        String t = TestRing.TOKEN.value();
        HttpResponse<String> dots = http("PUT", "/datasets/..", t, "x\n");
        assertThat(dots.statusCode()).isEqualTo(400);
        assertThat(dots.body()).contains("starts with '.'");
        HttpResponse<String> slash = http("PUT", "/datasets/a%2F..%2Fkept", t, "x\n");
        assertThat(slash.statusCode()).isEqualTo(400);
        assertThat(slash.body()).contains("forbidden character");
        HttpResponse<String> control = http("GET", "/datasets/a%01b", t, null);
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.body()).contains("U+0001");
        HttpResponse<String> longName = http("PUT", "/datasets/" + "n".repeat(201), t, "x\n");
        assertThat(longName.statusCode()).isEqualTo(400);
        assertThat(longName.body()).contains("201 characters");
        HttpResponse<String> split = http("PUT", "/datasets/fine?splitBytes=-5", t, "x\n");
        assertThat(split.statusCode()).isEqualTo(400);
        assertThat(split.body()).contains("splitBytes");
        assertNothingChanged();
    }

    @Test
    void oversizedRequestLinesAndHeadersAreAnswered414And431WithTheLimitEvenWithTheToken() throws IOException {
        String t = TestRing.TOKEN.value();
        // As the hardening issue found them: a 10,000-character name and a 20 KB URL, sent with the right token.
        HttpResponse<String> longName = http("PUT", "/datasets/" + "n".repeat(10_000), t, "x\n");
        assertThat(longName.statusCode()).isEqualTo(414);
        assertThat(longName.body()).contains("longer than 8192 bytes").doesNotContain("token");
        HttpResponse<String> longQuery = http("GET", "/jobs?x=" + "q".repeat(20_000), t, null);
        assertThat(longQuery.statusCode()).isEqualTo(414);
        // A 100 KB header, in a request the JDK client will send as it is.
        HttpResponse<String> bigHeader = send(HttpRequest.newBuilder(uri("/datasets")).header("Authorization", "Bearer " + t)
                .header("X-Padding", "p".repeat(100_000)).GET().build());
        assertThat(bigHeader.statusCode()).isEqualTo(431);
        assertThat(bigHeader.body()).contains("larger than 16384 bytes");
        // Just under the limits, the same requests are served (or refused for what they say).
        HttpResponse<String> under = http("PUT", "/datasets/" + "n".repeat(5_000), t, "x\n");
        assertThat(under.statusCode()).isEqualTo(400);
        assertThat(under.body()).contains("5000 characters");
        assertThat(node.datasets().meta("n".repeat(200))).isNull();
        assertNothingChanged();
    }

    @Test
    void aUriWhoseEscapesDoNotDecodeIsA400SayingSoWithOrWithoutTheToken() throws IOException {
        // Found by HttpRequestFuzzTest: such a request was answered by closing the connection, without a word.
        for (String head : List.of("GET /healthz%zz HTTP/1.1\r\nHost: n\r\n\r\n",
                "GET /datasets/a%2 HTTP/1.1\r\nHost: n\r\nAuthorization: Bearer " + TestRing.TOKEN.value() + "\r\n\r\n",
                "PUT /datasets/b?url=%G0 HTTP/1.1\r\nHost: n\r\nAuthorization: Bearer " + TestRing.TOKEN.value()
                        + "\r\nContent-Length: 2\r\n\r\nx\n")) {
            try (Socket s = new Socket("127.0.0.1", node.httpPort())) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).as(head).startsWith("HTTP/1.1 400").contains("the request URI cannot be decoded");
            }
        }
        assertNothingChanged();
    }

    /** True once the far end has closed the socket (a read gives end of stream or a reset). */
    private static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(50);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String keepAliveGet(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestRing.TOKEN.value() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(30_000);
        byte[] head = new byte[12];
        int n = s.getInputStream().readNBytes(head, 0, 12);
        // Read the rest of the response (its body is small JSON) so the next one starts clean.
        s.setSoTimeout(500);
        try {
            while (s.getInputStream().read() >= 0) {
                // drain
            }
        } catch (java.net.SocketTimeoutException e) {
            // nothing more for now
        }
        return new String(head, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void aConnectionThatNeverPresentsTheTokenIsClosedOnBothPortsWhileOneThatDidStaysOpen() throws IOException {
        try (Socket silentRing = new Socket("127.0.0.1", node.address().port());
             Socket silentHttp = new Socket("127.0.0.1", node.httpPort());
             Socket working = new Socket("127.0.0.1", node.httpPort())) {
            assertThat(keepAliveGet(working, "/ring")).isEqualTo("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> closedByPeer(silentRing) && closedByPeer(silentHttp));
            // The connection that sent the token is past the same deadline and still served.
            assertThat(closedByPeer(working)).isFalse();
            assertThat(keepAliveGet(working, "/datasets")).isEqualTo("HTTP/1.1 200");
        }
        assertNothingChanged();
    }

    @Test
    void pastItsConnectionLimitAPortClosesNewConnectionsAndTakesThemAgainOnceBelow() throws IOException {
        System.setProperty("chordmr.net.maxConnections", "8");
        try (TestRing small = new TestRing().start(1)) {
            ChordMrNode only = small.any();
            java.util.List<Socket> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket("127.0.0.1", only.httpPort());
                    held.add(s);
                    assertThat(keepAliveGet(s, "/ring")).isEqualTo("HTTP/1.1 200");
                }
                try (Socket ninth = new Socket("127.0.0.1", only.httpPort())) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> closedByPeer(ninth));
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (Socket again = new Socket("127.0.0.1", only.httpPort())) {
                    return keepAliveGet(again, "/ring").equals("HTTP/1.1 200");
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            System.clearProperty("chordmr.net.maxConnections");
        }
    }

    @Test
    void aThousandSilentConnectionsOnEachPortAreClosedWhileTheNodeAnswersAndItsDescriptorsComeBack() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "counts this process's descriptors in /proc/self/fd (Linux)");
        var os = (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        assumeTrue(os.getMaxFileDescriptorCount() >= 8192, "needs 8192 descriptors (ulimit -n) for 2,000 connections' two ends");
        try (TestRing small = new TestRing().start(1)) {
            ChordMrNode only = small.any();
            long before = openDescriptors(fds);
            List<SocketChannel> silent = new ArrayList<>();
            try (Selector selector = Selector.open()) {
                for (int i = 0; i < 1000; i++) {
                    for (int port : new int[] {only.address().port(), only.httpPort()}) {
                        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                        silent.add(ch);
                        ch.configureBlocking(false);
                        ch.register(selector, SelectionKey.OP_READ);
                    }
                }
                Set<SocketChannel> open = new HashSet<>(silent);
                ByteBuffer buf = ByteBuffer.allocate(256);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    // The node answers a caller with the token all the while.
                    try (Socket s = new Socket("127.0.0.1", only.httpPort())) {
                        assertThat(keepAliveGet(s, "/ring")).isEqualTo("HTTP/1.1 200");
                    }
                    selector.selectNow();
                    for (SelectionKey k : selector.selectedKeys()) {
                        SocketChannel ch = (SocketChannel) k.channel();
                        int n;
                        try {
                            n = ch.read(buf.clear());
                        } catch (IOException reset) {
                            n = -1;
                        }
                        if (n < 0) {
                            open.remove(ch);
                            k.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                    return open.isEmpty();
                });
            } finally {
                for (SocketChannel ch : silent) {
                    ch.close();
                }
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> openDescriptors(fds) <= before + 16);
            assertThat(only.ring().isMember()).isTrue();
        }
    }

    private static long openDescriptors(Path fds) throws IOException {
        try (var list = Files.list(fds)) {
            return list.count();
        }
    }

    @Test
    void overwritingWithoutAskingIsAConflictAndKeepsTheData() throws IOException {
        HttpResponse<String> r = http("PUT", "/datasets/kept", TestRing.TOKEN.value(), "replacement\n");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("already exists");
        assertNothingChanged();
    }

    @Test
    void uploadReadBackListAndDeleteOverHttp() throws IOException {
        String t = TestRing.TOKEN.value();
        String text = "alpha beta\ngamma\n\ndelta";
        assertThat(http("PUT", "/datasets/roundtrip?splitRecords=1", t, text).statusCode()).isEqualTo(201);
        assertThat(http("GET", "/datasets/roundtrip", t, null).body()).isEqualTo(text);
        assertThat(http("GET", "/datasets", t, null).body()).contains("\"roundtrip\"", "\"kept\"");
        assertThat(http("GET", "/ring", t, null).body()).contains("\"size\" : 3");
        assertThat(http("DELETE", "/datasets/roundtrip", t, null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> http("GET", "/datasets/roundtrip", t, null).statusCode() == 404);
        assertNothingChanged();
    }

}
