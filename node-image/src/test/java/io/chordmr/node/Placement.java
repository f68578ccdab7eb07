package io.chordmr.node;

import io.chordmr.ring.NodeId;
import io.chordmr.store.ChunkStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Checks where keys live against the replica sets computed from the live node ids. */
final class Placement {

    private Placement() {
    }

    /** The names of the nodes that should hold the key: its successor and the next rf-1 live nodes. */
    static Set<String> expected(List<ChordMrNode> live, String key, int rf) {
        List<ChordMrNode> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparing(n -> n.self().id(), Long::compareUnsigned));
        long id = NodeId.hash(key);
        int start = 0;
        while (start < sorted.size() && Long.compareUnsigned(sorted.get(start).self().id(), id) < 0) {
            start++;
        }
        Set<String> out = new TreeSet<>();
        for (int k = 0; k < Math.min(rf, sorted.size()); k++) {
            out.add(sorted.get((start + k) % sorted.size()).self().name());
        }
        return out;
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
