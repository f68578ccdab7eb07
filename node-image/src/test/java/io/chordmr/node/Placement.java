package io.chordmr.node;

import io.chordmr.store.ChunkStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks where keys live against the replica sets computed from the live node ids. */
final class Placement {

    private Placement() {
    }

    /**
     * The names of the nodes that should hold the key: the owners of the positions at and after its
     * hash, each node once, rf of them. Positions are worked out here from the names and token
     * counts (SHA-1 of {@code name} for one token, of {@code name#v} for more), not by the ring's code.
     */
    static Set<String> expected(List<ChordMrNode> live, String key, int rf) {
        List<long[]> positions = new ArrayList<>();
        for (int m = 0; m < live.size(); m++) {
            String name = live.get(m).self().name();
            int tokens = live.get(m).ring().config().tokens();
            for (int v = 0; v < tokens; v++) {
                positions.add(new long[] {first64(tokens == 1 ? name : name + "#" + v), m});
            }
        }
        positions.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        long id = first64(key);
        int start = 0;
        while (start < positions.size() && Long.compareUnsigned(positions.get(start)[0], id) < 0) {
            start++;
        }
        Set<String> out = new TreeSet<>();
        for (int k = 0; out.size() < Math.min(rf, live.size()); k++) {
            out.add(live.get((int) positions.get((start + k) % positions.size())[1]).self().name());
        }
        return out;
    }

    /** The first 64 bits of the SHA-1 of the text, big-endian. */
    static long first64(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The names of the live nodes that hold a live (not deleted) copy of the key. */
    static Set<String> holders(List<ChordMrNode> live, String key) {
        Set<String> out = new TreeSet<>();
        for (ChordMrNode n : live) {
            ChunkStore.Entry e = n.store().local().entry(key);
            if (e != null && !e.tombstone()) {
                out.add(n.self().name());
            }
        }
        return out;
    }

    /** Whether every key of the dataset (chunks and metadata) sits on exactly its replica set. */
    static boolean exact(List<ChordMrNode> live, String dataset, int chunks, int rf) {
        for (String key : keys(dataset, chunks)) {
            if (!holders(live, key).equals(expected(live, key, rf))) {
                return false;
            }
        }
        return true;
    }

    static Set<String> keys(String dataset, int chunks) {
        Set<String> keys = new HashSet<>();
        keys.add(dataset + "/meta");
        for (int i = 0; i < chunks; i++) {
            keys.add(dataset + "/" + i);
        }
        return keys;
    }
}
