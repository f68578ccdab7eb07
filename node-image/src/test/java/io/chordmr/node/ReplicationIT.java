package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.cli.ChordMr;
import io.chordmr.store.BufferSource;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.StoredItem;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplicationIT {

    private static final int RF = 3;

    static byte[] text(long seed, int bytes) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(bytes + 100);
        long line = 0;
        while (b.length() < bytes) {
            b.append("line ").append(line++).append(' ');
            int words = 1 + r.nextInt(12);
            for (int w = 0; w < words; w++) {
                b.append("w").append(r.nextInt(5000)).append(' ');
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readBack(ChordMrNode via, String name) throws IOException {
        DatasetMeta meta = via.datasets().meta(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        via.datasets().copyTo(meta, out);
        return out.toByteArray();
    }

    private static void awaitExact(TestRing ring, String name, int chunks) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> Placement.exact(ring.nodes(), name, chunks, RF));
    }

    /**
     * A put made of the caller's buffers (as an upload's socket buffers are): every replica's copy
     * of every chunk is the input's bytes at the chunk's offset, and every buffer is freed once the
     * put returns, those sent to other nodes as frames' tails as well as the local replica's.
     */
    @Test
    void aPutFromBuffersStoresExactCopiesAndFreesEveryBuffer() throws IOException {
        byte[] data = text(9, 3 << 20);
        Random sizes = new Random(9);
        List<ByteBuf> given = new ArrayList<>();
        int[] at = {0};
        BufferSource source = () -> {
            if (at[0] == data.length) {
                return null;
            }
            int n = Math.min(data.length - at[0], 1 + sizes.nextInt(64 << 10));
            ByteBuf b = Unpooled.directBuffer(n).writeBytes(data, at[0], n);
            at[0] += n;
            given.add(b);
            return b;
        };
        try (TestRing ring = new TestRing().start(3)) {
            // Chunks of up to 512 KiB go out from their own memory; the metadata, small, is copied into its frame.
            DatasetMeta meta = ring.any().datasets().put("buffers", source, Split.bytes(512 << 10), false);
            await().atMost(Duration.ofSeconds(60)).until(() -> given.stream().allMatch(b -> b.refCnt() == 0));
            assertThat(meta.chunks()).isGreaterThan(5);
            for (int i = 0; i < meta.chunks(); i++) {
                int from = (int) (long) meta.chunkOffsets().get(i);
                int to = i + 1 < meta.chunks() ? (int) (long) meta.chunkOffsets().get(i + 1) : data.length;
                byte[] expected = java.util.Arrays.copyOfRange(data, from, to);
                for (ChordMrNode n : ring.nodes()) {
                    StoredItem copy = n.store().local().get(meta.chunkKey(i));
                    assertThat(copy).as("chunk %d on %s", i, n.self().name()).isNotNull();
                    assertThat(copy.data()).as("chunk %d on %s", i, n.self().name()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aNodeToldToLeaveHandsItsKeysToTheOthersBeforeTheCallReturns() throws Exception {
        byte[] data = text(4, 4 << 20);
        try (TestRing ring = new TestRing().start(4)) {
            DatasetMeta meta = ring.any().datasets().put("handoff", new ByteArrayInputStream(data), Split.bytes(256 << 10), false);
            awaitExact(ring, "handoff", meta.chunks());
            ChordMrNode leaver = ring.node("node-2");
            Path token = Files.writeString(ring.root().resolve("token"), TestRing.TOKEN.value());

            // What the pod's preStop hook runs.
            int rc = ChordMr.commandLine().execute("leave", "--ring", "127.0.0.1:" + leaver.httpPort(), "--token-file", token.toString());
            assertThat(rc).isZero();
            assertThat(leaver.ring().isMember()).isFalse();
            List<ChordMrNode> rest = ring.nodes().stream().filter(n -> n != leaver).toList();
            // Already in place when the call returns: nothing waits for a repair round.
            assertThat(Placement.exact(rest, "handoff", meta.chunks(), RF)).isTrue();
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + leaver.httpPort() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(503);

            ring.kill("node-2");
            for (ChordMrNode n : rest) {
                assertThat(readBack(n, "handoff")).isEqualTo(data);
            }
        }
    }

    // Seven nodes rather than five, so that after four deaths three remain and every chunk can
    // again have three copies.
    @Test
    void chunksSurviveSequentialAndSimultaneousDeathsAndRegainThreeCopies() throws IOException {
        byte[] data = text(1, 20 << 20);
        try (TestRing ring = new TestRing().start(7)) {
            DatasetMeta meta = ring.any().datasets().put("corpus", new ByteArrayInputStream(data), Split.bytes(1 << 20), false);
            assertThat(meta.bytes()).isEqualTo(data.length);
            awaitExact(ring, "corpus", meta.chunks());

            ring.kill("node-1");
            ring.awaitConverged();
            awaitExact(ring, "corpus", meta.chunks());
            ring.kill("node-4");
            ring.awaitConverged();
            awaitExact(ring, "corpus", meta.chunks());

            ring.kill("node-0");
            ring.kill("node-5");
            ring.awaitConverged();
            assertThat(readBack(ring.any(), "corpus")).isEqualTo(data);
            awaitExact(ring, "corpus", meta.chunks());
            for (ChordMrNode n : ring.nodes()) {
                assertThat(readBack(n, "corpus")).isEqualTo(data);
            }
        }
    }

    @Test
    void joiningNodesReceiveTheirKeysAndOldHoldersDropTheirs() throws IOException {
        byte[] data = text(2, 6 << 20);
        try (TestRing ring = new TestRing().start(3)) {
            DatasetMeta meta = ring.any().datasets().put("logs", new ByteArrayInputStream(data), Split.records(2000), false);
            awaitExact(ring, "logs", meta.chunks());
            for (int i = 0; i < 3; i++) {
                ring.add();
            }
            ring.awaitConverged();
            awaitExact(ring, "logs", meta.chunks());
            assertThat(readBack(ring.node("node-5"), "logs")).isEqualTo(data);
        }
    }

    @Test
    void restartedNodeRejoinsAtItsPlaceWithItsData() throws IOException {
        byte[] data = text(3, 2 << 20);
        try (TestRing ring = new TestRing().start(4)) {
            DatasetMeta meta = ring.any().datasets().put("small", new ByteArrayInputStream(data), Split.bytes(256 << 10), false);
            awaitExact(ring, "small", meta.chunks());
            ChordMrNode before = ring.node("node-2");
            long id = before.self().id();
            int keysBefore = before.store().local().keyCount();
            assertThat(keysBefore).isPositive();

            ring.kill("node-2");
            ChordMrNode after = ring.startNode("node-2");
            // Its data is back from disk before it has even joined.
            assertThat(after.store().local().keyCount()).isEqualTo(keysBefore);
            assertThat(after.self().id()).isEqualTo(id);
            ring.awaitConverged();
            awaitExact(ring, "small", meta.chunks());
            assertThat(readBack(after, "small")).isEqualTo(data);
        }
    }
}
