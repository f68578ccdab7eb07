package io.chordmr.store;

import io.chordmr.ring.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * Digests of the keys one replica holds, by ring position, kept up to date on every write so that
 * a repair round compares key ranges with a peer without reading a key: the digest of a range is
 * the count of its keys and the XOR of a 64-bit hash of each key's name, version and delete flag.
 * Two replicas holding the same versions of a range's keys have equal digests; one differing copy
 * changes both figures. The ring is cut into 2^16 leaves by the top bits of a position, each with
 * its running digest, so a range's digest costs its whole leaves plus a scan of the keys in the two
 * leaves it cuts; the keys themselves are kept in ring order for those scans and for listing the
 * keys of a small range that differs.
 */
public final class KeyDigests {

    static final int LEAF_BITS = 16;
    private static final int LEAVES = 1 << LEAF_BITS;
    private static final int LEAF_SHIFT = 64 - LEAF_BITS;
    private static final long LEAF_MASK = (1L << LEAF_SHIFT) - 1;

    /** A range's digest. */
    public record Digest(int count, long xor) {
        static final Digest EMPTY = new Digest(0, 0);
    }

    /** A key at its ring position; ordered as unsigned positions, then names. */
    record Positioned(long position, String key) implements Comparable<Positioned> {
        @Override
        public int compareTo(Positioned o) {
            int c = Long.compareUnsigned(position, o.position);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private final AtomicLongArray leafXor = new AtomicLongArray(LEAVES);
    private final AtomicIntegerArray leafCount = new AtomicIntegerArray(LEAVES);
    private final ConcurrentSkipListSet<Positioned> keys = new ConcurrentSkipListSet<>();

    /** The hash of one copy: the key's position, its version and whether it is a delete marker. */
    static long hash(long position, long version, boolean tombstone) {
        return mix(position ^ mix(version ^ (tombstone ? 0x9E3779B97F4A7C15L : 0)));
    }

    /** SplitMix64's finalizer: every input bit reaches every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Takes a copy in, in place of {@code old} when the key had one (callers hold the key's lock). */
    void replace(String key, ChunkStore.Entry old, ChunkStore.Entry now) {
        long position = NodeId.hash(key);
        int leaf = (int) (position >>> LEAF_SHIFT);
        if (old != null) {
            leafXor.getAndUpdate(leaf, x -> x ^ hash(position, old.version(), old.tombstone()));
            leafCount.decrementAndGet(leaf);
        }
        if (now != null) {
            leafXor.getAndUpdate(leaf, x -> x ^ hash(position, now.version(), now.tombstone()));
            leafCount.incrementAndGet(leaf);
            if (old == null) {
                keys.add(new Positioned(position, key));
            }
        } else if (old != null) {
            keys.remove(new Positioned(position, key));
        }
    }

    /** The digest of the keys at positions {@code first} to {@code last} inclusive (unsigned, first ≤ last). */
    Digest digest(long first, long last, Function<String, ChunkStore.Entry> entries) {
        int count = 0;
        long xor = 0;
        long pos = first;
        while (true) {
            int leaf = (int) (pos >>> LEAF_SHIFT);
            long leafStart = (long) leaf << LEAF_SHIFT;
            long leafEnd = leafStart | LEAF_MASK;
            long end = Long.compareUnsigned(leafEnd, last) <= 0 ? leafEnd : last;
            if (pos == leafStart && end == leafEnd) {
                count += leafCount.get(leaf);
                xor ^= leafXor.get(leaf);
            } else {
                Digest d = scan(pos, end, entries);
                count += d.count();
                xor ^= d.xor();
            }
            if (end == last) {
                return new Digest(count, xor);
            }
            pos = end + 1;
        }
    }

    private Digest scan(long first, long last, Function<String, ChunkStore.Entry> entries) {
        int count = 0;
        long xor = 0;
        for (Positioned p : range(first, last)) {
            ChunkStore.Entry e = entries.apply(p.key());
            if (e != null) {
                count++;
                xor ^= hash(p.position(), e.version(), e.tombstone());
            }
        }
        return new Digest(count, xor);
    }

    /** The keys at positions {@code first} to {@code last} inclusive, in ring order. */
    List<String> keys(long first, long last) {
        List<String> out = new ArrayList<>();
        range(first, last).forEach(p -> out.add(p.key()));
        return out;
    }

    private NavigableSet<Positioned> range(long first, long last) {
        // "" sorts before every name, so (p, "") bounds all the keys at position p.
        if (last == -1L) {
            return keys.tailSet(new Positioned(first, ""), true);
        }
        return keys.subSet(new Positioned(first, ""), true, new Positioned(last + 1, ""), false);
    }
}
