package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.store.DatasetMeta;
import io.chordmr.store.Split;
import io.chordmr.store.StoreConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Virtual nodes on a real ring: stored bytes spread evenly, and data placed with one token each moves without loss. */
class VirtualNodesIT {

    private static final Logger log = LoggerFactory.getLogger(VirtualNodesIT.class);
    private static final int NODES = 7;

    private static byte[] readBack(ChordMrNode via, String name) throws IOException {
        DatasetMeta meta = via.datasets().meta(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        via.datasets().copyTo(meta, out);
        return out.toByteArray();
    }

    @Test
    void tenNodesWithSixtyFourTokensEachHoldAboutTheMeanEach() throws Exception {
        int rf = 3;
        byte[] data = ReplicationIT.text(10, 6 << 20);
        try (TestRing ring = new TestRing().start(10)) {
            DatasetMeta meta = ring.any().datasets().put("spread", new ByteArrayInputStream(data), Split.bytes(4 << 10), false);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Placement.exact(ring.nodes(), "spread", meta.chunks(), rf));
            long[] bytes = ring.nodes().stream().mapToLong(n -> n.store().local().bytesStored()).toArray();
            double mean = java.util.Arrays.stream(bytes).average().orElseThrow();
            double max = java.util.Arrays.stream(bytes).max().orElseThrow();
            log.info("virtual nodes: {} chunks at RF {} on 10 nodes of 64 tokens: busiest node holds {} of the mean",
                    meta.chunks(), rf, String.format("%.2f", max / mean));
            // One token a node gives 2.08 here (chordmr simulate --balance); 64 give 1.12, plus sampling noise of ~1,500 chunks.
            assertThat(max / mean).isLessThan(1.3);
        }
    }

    @Test
    void aRollingRestartFromOneTokenToSixtyFourMovesEveryKeyAndLosesNone() throws Exception {
        int rf = 2;
        byte[] data = ReplicationIT.text(11, 1 << 20);
        try (TestRing ring = new TestRing(StoreConfig.DEFAULTS.withReplication(rf).withRepairInterval(Duration.ofMillis(500)))) {
            // Seven nodes: more than a preference list (successor list and one), so reads must find old copies beyond it.
            for (int i = 0; i < NODES; i++) {
                ring.startNode("node-" + i, c -> c.withRing(c.ring().withTokens(1)));
            }
            ring.awaitConverged();
            DatasetMeta meta = ring.any().datasets().put("upgrade", new ByteArrayInputStream(data), Split.bytes(16 << 10), false);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Placement.exact(ring.nodes(), "upgrade", meta.chunks(), rf));
            Map<String, Set<String>> before = new HashMap<>();
            for (String key : Placement.keys("upgrade", meta.chunks())) {
                before.put(key, Placement.holders(ring.nodes(), key));
            }

            for (int i = 0; i < NODES; i++) {
                String name = "node-" + i;
                ring.kill(name);
                ChordMrNode restarted = ring.startNode(name, c -> c.withRing(c.ring().withTokens(64)));
                ring.awaitConverged();
                // Read at once, before repair has moved anything: every chunk is still found.
                assertThat(readBack(restarted, "upgrade")).as("read through %s after its restart", name).isEqualTo(data);
                List<ChordMrNode> others = ring.nodes().stream().filter(n -> n != restarted).toList();
                assertThat(readBack(others.get(i % others.size()), "upgrade")).isEqualTo(data);
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Placement.exact(ring.nodes(), "upgrade", meta.chunks(), rf));
            long moved = before.entrySet().stream()
                    .filter(e -> !Placement.holders(ring.nodes(), e.getKey()).equals(e.getValue())).count();
            assertThat(moved).as("keys whose holders changed with the layout").isGreaterThan(meta.chunks() / 4);
            for (ChordMrNode n : ring.nodes()) {
                assertThat(readBack(n, "upgrade")).isEqualTo(data);
            }
        }
    }
}
