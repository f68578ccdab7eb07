package io.chordmr.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chordmr.store.ChunkStore;
import io.chordmr.store.DatasetMeta;
import io.chordmr.store.Split;
import io.chordmr.store.StoreConfig;
import io.chordmr.store.StoredItem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Versions on a real in-JVM ring: writes from a node whose clock runs an hour behind still order
 * after the ones they follow, and a node back after longer than the tombstone lifetime neither
 * brings deleted keys back nor, when the whole ring was down with it, throws anything away.
 */
class StoreVersionsIT {

    private static final Duration FAST_REPAIR = Duration.ofMillis(300);

    private static Split lines() {
        return Split.bytes(64 << 10);
    }

    private static String readBack(ChordMrNode via, String name) throws IOException {
        DatasetMeta meta = via.datasets().meta(name);
        if (meta == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        via.datasets().copyTo(meta, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void put(ChordMrNode via, String name, String text, boolean overwrite) throws IOException {
        via.datasets().put(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), lines(), overwrite);
    }

    /** Waits for every live node to finish {@code n} more repair rounds, so whatever repair would bring back is back. */
    private static void awaitRepairRounds(TestRing ring, int n) {
        List<Long> before = ring.nodes().stream().map(x -> x.antiEntropy().rounds()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<ChordMrNode> nodes = ring.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i).antiEntropy().rounds() < before.get(i) + n) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void writesAndDeletesFromANodeWhoseClockIsAnHourBehindOrderAfterTheOnesTheyFollow() throws IOException {
        StoreConfig store = StoreConfig.DEFAULTS.withRepairInterval(FAST_REPAIR);
        try (TestRing ring = new TestRing(store)) {
            ChordMrNode a = ring.add();
            ring.add();
            Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
            ChordMrNode slow = ring.startNode("slow", c -> c.withStore(store.withClock(behind)));
            ring.awaitConverged();

            put(a, "doc", "first\n", false);
            assertThat(slow.datasets().delete("doc")).isTrue();
            awaitRepairRounds(ring, 2);
            for (ChordMrNode n : ring.nodes()) {
                assertThat(readBack(n, "doc")).as("after the slow node's delete, on %s", n.self().name()).isNull();
            }

            put(slow, "doc", "second\n", false);
            put(a, "doc", "third\n", true);
            put(slow, "doc", "fourth\n", true);
            awaitRepairRounds(ring, 2);
            for (ChordMrNode n : ring.nodes()) {
                assertThat(readBack(n, "doc")).as("the last overwrite, read on %s", n.self().name()).isEqualTo("fourth\n");
            }
            // The slow node's versions now follow the others' clocks, not its own.
            long issued = slow.store().nextVersion() >>> 16;
            assertThat(Math.abs(issued - System.currentTimeMillis())).isLessThan(Duration.ofMinutes(5).toMillis());
        }
    }

    private static StoredItem item(ChordMrNode via, String key, String text) {
        return new StoredItem(key, via.store().nextVersion(), false, text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean heldOn(ChordMrNode n, String key) {
        return n.store().local().entry(key) != null;
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aNodeBackAfterTheTombstoneLifetimeSetsAsideTheKeysDeletedMeanwhileAndKeepsTheRest() throws IOException {
        Duration ttl = Duration.ofSeconds(2);
        try (TestRing ring = new TestRing(StoreConfig.DEFAULTS.withRepairInterval(FAST_REPAIR).withTombstoneTtl(ttl)).start(3)) {
            ChordMrNode a = ring.node("node-0");
            a.store().writeNewest(item(a, "kept/0", "still wanted"));
            a.store().writeNewest(item(a, "gone/0", "deleted while node-2 is away"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ring.nodes().stream().allMatch(n -> heldOn(n, "kept/0") && heldOn(n, "gone/0")));
            awaitRepairRounds(ring, 2); // node-2's lease now says it was a member after both writes

            ring.kill("node-2");
            a.store().delete("gone/0");
            a.store().writeNewest(item(a, "new/0", "written while node-2 is away"));
            // The two left drop the delete marker once it is older than the lifetime: the key is forgotten.
            await().atMost(Duration.ofSeconds(60)).until(() -> !heldOn(a, "gone/0") && !heldOn(ring.node("node-1"), "gone/0"));

            ChordMrNode back = ring.startNode("node-2");
            assertThat(back.store().local().entry("gone/0").tombstone()).as("its stale copy is on its disk").isFalse();
            ring.awaitConverged();
            await().atMost(Duration.ofSeconds(60)).until(() -> heldOn(back, "new/0"));
            awaitRepairRounds(ring, 3);

            for (ChordMrNode n : ring.nodes()) {
                assertThat(heldOn(n, "gone/0")).as("the deleted key on %s", n.self().name()).isFalse();
                assertThat(heldOn(n, "kept/0")).as("the kept key on %s", n.self().name()).isTrue();
            }
            assertThat(a.store().read("gone/0")).isNull();
            assertThat(new String(a.store().read("kept/0").data(), StandardCharsets.UTF_8)).isEqualTo("still wanted");
            assertThat(filesIn(back.store().local().quarantineDirectory())).as("the stale copy is set aside, not deleted").isEqualTo(1);
        }
    }

    @Test
    void aWholeRingRestartedAfterTheTombstoneLifetimeKeepsEveryKeyEvenOneWithASingleCopy() throws IOException {
        StoreConfig store = StoreConfig.DEFAULTS.withRepairInterval(FAST_REPAIR);
        try (TestRing ring = new TestRing(store).start(3)) {
            ChordMrNode a = ring.node("node-0");
            // Issued before the delete below: were the rule to fire, this key would look like one the delete removed.
            StoredItem lonely = item(ring.node("node-1"), "lonely/0", "the only copy");
            a.store().writeNewest(item(a, "kept/0", "three copies"));
            a.store().writeNewest(item(a, "gone/0", "deleted before the restart"));
            a.store().delete("gone/0");
            awaitRepairRounds(ring, 2);
            List<String> names = ring.nodes().stream().map(n -> n.self().name()).toList();
            names.forEach(ring::kill);
            // A key only one node holds (its other copies lost): the rule must not take it for a forgotten delete.
            new ChunkStore(ring.root().resolve("node-1")).put(lonely);

            // A day and more later, by every node's clock: the delete marker has outlived its lifetime.
            StoreConfig later = store.withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(25)));
            names.forEach(n -> ring.startNode(n, c -> c.withStore(later)));
            ring.awaitConverged();
            await().atMost(Duration.ofSeconds(60)).until(() -> ring.nodes().stream().noneMatch(n -> heldOn(n, "gone/0")));
            awaitRepairRounds(ring, 3);

            ChordMrNode any = ring.any();
            assertThat(new String(any.store().read("lonely/0").data(), StandardCharsets.UTF_8)).isEqualTo("the only copy");
            assertThat(new String(any.store().read("kept/0").data(), StandardCharsets.UTF_8)).isEqualTo("three copies");
            assertThat(any.store().read("gone/0")).isNull();
            for (ChordMrNode n : ring.nodes()) {
                assertThat(filesIn(n.store().local().quarantineDirectory())).as("set aside on %s", n.self().name()).isZero();
            }
        }
    }
}
