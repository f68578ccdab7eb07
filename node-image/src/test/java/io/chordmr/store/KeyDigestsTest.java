package io.chordmr.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.ring.NodeId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Range digests and key listings of a real store, each checked against a scan of the whole index. */
class KeyDigestsTest {

    @TempDir
    Path dir;

    private static boolean within(long p, KeyRange r) {
        return Long.compareUnsigned(p, r.first()) >= 0 && Long.compareUnsigned(p, r.last()) <= 0;
    }

    /** The digest the slow way: every key of the index, filtered by position. */
    private static KeyDigests.Digest scanned(ChunkStore store, KeyRange r) {
        int count = 0;
        long xor = 0;
        for (Map.Entry<String, ChunkStore.Entry> e : store.entries().entrySet()) {
            long p = NodeId.hash(e.getKey());
            if (within(p, r)) {
                count++;
                xor ^= KeyDigests.hash(p, e.getValue().version(), e.getValue().tombstone());
            }
        }
        return new KeyDigests.Digest(count, xor);
    }

    private static List<String> listed(ChunkStore store, KeyRange r) {
        return store.entries().keySet().stream().filter(k -> within(NodeId.hash(k), r))
                .sorted(Comparator.comparing((String k) -> NodeId.hash(k), Long::compareUnsigned).thenComparing(k -> k)).toList();
    }

    private static List<KeyRange> ranges(Random random, ChunkStore store) {
        List<KeyRange> out = new ArrayList<>(List.of(KeyRange.WHOLE, new KeyRange(0, 0), new KeyRange(-1L, -1L)));
        List<String> keys = new ArrayList<>(store.entries().keySet());
        for (int i = 0; i < 200; i++) {
            long a = random.nextLong();
            long b = switch (i % 4) {
                case 0 -> a + (random.nextLong() >>> 50);                  // inside one leaf mostly
                case 1 -> a + (random.nextLong() >>> 40);                  // a few leaves
                case 2 -> NodeId.hash(keys.get(random.nextInt(keys.size()))); // ends on a key
                default -> random.nextLong();
            };
            out.add(Long.compareUnsigned(a, b) <= 0 ? new KeyRange(a, b) : new KeyRange(b, a));
        }
        // A range that starts and ends exactly on a key's position.
        long p = NodeId.hash(keys.get(0));
        out.add(new KeyRange(p, p));
        return out;
    }

    private static void check(ChunkStore store, Random random) {
        for (KeyRange r : ranges(random, store)) {
            assertThat(store.digest(r.first(), r.last())).as("digest of %s", r).isEqualTo(scanned(store, r));
            assertThat(store.keysIn(r.first(), r.last())).as("keys of %s", r).isEqualTo(listed(store, r));
        }
    }

    @Test
    void rangeDigestsAndKeysMatchAScanThroughWritesOverwritesDeletesAndARestart() {
        Random random = new Random(42);
        ChunkStore store = new ChunkStore(dir);
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3000; i++) {
            store.putUnforced(new StoredItem("data/" + i, 10 + random.nextInt(5), i % 17 == 0, data));
        }
        check(store, random);
        KeyDigests.Digest before = store.digest(0, -1L);
        for (int i = 0; i < 3000; i += 7) {
            store.putUnforced(new StoredItem("data/" + i, 100, i % 2 == 0, data));
        }
        for (int i = 3; i < 3000; i += 11) {
            store.remove("data/" + i, store.entry("data/" + i).version());
        }
        assertThat(store.digest(0, -1L)).isNotEqualTo(before);
        check(store, random);
        assertThat(store.tombstoneKeys()).isEqualTo(store.entries().entrySet().stream().filter(e -> e.getValue().tombstone())
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));

        KeyDigests.Digest whole = store.digest(0, -1L);
        ChunkStore reopened = new ChunkStore(dir);
        assertThat(reopened.digest(0, -1L)).as("rebuilt from the files").isEqualTo(whole);
        check(reopened, random);
    }

    @Test
    void aRangeSplitsIntoContiguousPartsOfEqualWidth() {
        for (KeyRange r : List.of(KeyRange.WHOLE, new KeyRange(5, 20), new KeyRange(-17L, -1L), new KeyRange(3, 10), new KeyRange(7, 7))) {
            List<KeyRange> parts = r.split(16);
            assertThat(parts.get(0).first()).isEqualTo(r.first());
            assertThat(parts.get(parts.size() - 1).last()).isEqualTo(r.last());
            for (int i = 1; i < parts.size(); i++) {
                assertThat(parts.get(i).first()).isEqualTo(parts.get(i - 1).last() + 1);
            }
            long width = r.last() - r.first();
            assertThat(parts).hasSize(Long.compareUnsigned(width, 15) < 0 ? 1 : 16);
        }
        assertThat(KeyRange.WHOLE.split(16).get(1).first()).isEqualTo(1L << 60);
    }
}
