package io.chordmr.engine.task;

import io.chordmr.api.Serdes;
import io.chordmr.engine.sort.KeyOrder;
import io.chordmr.engine.sort.MapOutputWriter;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.RecordSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Map output for a {@link io.chordmr.api.LongSum} combiner: one running {@code long} per distinct
 * key in an open-addressing table whose keys are slices of one byte arena, so a word count keeps
 * no object per word or per count. When the table passes its memory limit, its keys are sorted by
 * (partition, key) and written with their sums as one spill run, and the table starts empty.
 */
final class LongSumTable {

    /** Bytes a slot costs beyond its key: start, length, hash, partition (ints) and the sum (a long). */
    private static final int SLOT_BYTES = 4 * 4 + 8;

    private final MapOutputWriter out;
    private final long limitBytes;
    private final Counters counters;
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] start;
    private int[] length;
    private int[] hashes;
    private int[] partitions;
    private long[] sums;
    private int size;
    private long added;

    LongSumTable(MapOutputWriter out, long limitBytes, Counters counters) {
        this.out = out;
        this.limitBytes = limitBytes;
        this.counters = counters;
        allocate(1 << 12);
    }

    private void allocate(int slots) {
        start = new int[slots];
        length = new int[slots];
        hashes = new int[slots];
        partitions = new int[slots];
        sums = new long[slots];
        Arrays.fill(length, -1);
    }

    /** What a new key's partition is, asked only the first time a key comes (between spills). */
    interface PartitionOf {
        int partition();
    }

    /** Adds {@code value} to the sum of the key {@code key[off, off + len)}. */
    void add(byte[] key, int off, int len, long value, PartitionOf partition) {
        added++;
        int h = hash(key, off, len);
        int mask = length.length - 1;
        int slot = h & mask;
        while (length[slot] >= 0) {
            if (hashes[slot] == h && length[slot] == len && Arrays.equals(arena, start[slot], start[slot] + len, key, off, off + len)) {
                sums[slot] += value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(key, off, arena, arenaUsed, len);
        start[slot] = arenaUsed;
        length[slot] = len;
        hashes[slot] = h;
        partitions[slot] = partition.partition();
        sums[slot] = value;
        arenaUsed += len;
        size++;
        if (size * 2 > length.length) {
            grow();
        }
        // What the keys and their slots take (the table stays at most half full).
        if (arenaUsed + 2L * size * SLOT_BYTES > limitBytes) {
            spill();
        }
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    private void grow() {
        int[] oldStart = start;
        int[] oldLength = length;
        int[] oldHashes = hashes;
        int[] oldPartitions = partitions;
        long[] oldSums = sums;
        allocate(oldLength.length * 2);
        int mask = length.length - 1;
        for (int i = 0; i < oldLength.length; i++) {
            if (oldLength[i] >= 0) {
                int slot = oldHashes[i] & mask;
                while (length[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                start[slot] = oldStart[i];
                length[slot] = oldLength[i];
                hashes[slot] = oldHashes[i];
                partitions[slot] = oldPartitions[i];
                sums[slot] = oldSums[i];
            }
        }
    }

    /** Writes every key with its sum, sorted by (partition, key), as one spill run; the table is empty after. */
    void spill() {
        if (size == 0) {
            return;
        }
        int[] slots = new int[size];
        long[] prefixes = new long[length.length];
        int n = 0;
        for (int i = 0; i < length.length; i++) {
            if (length[i] >= 0) {
                slots[n++] = i;
                prefixes[i] = KeyOrder.prefix(arena, start[i], length[i]);
            }
        }
        Integer[] order = Arrays.stream(slots).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> partitions[a] != partitions[b] ? Integer.compare(partitions[a], partitions[b])
                : KeyOrder.compare(prefixes[a], arena, start[a], length[a], prefixes[b], arena, start[b], length[b]));
        int most = 0;
        for (int s : slots) {
            most = Math.max(most, partitions[s] + 1);
        }
        int parts = most;
        int[] from = new int[parts + 1];
        for (Integer s : order) {
            from[partitions[s] + 1]++;
        }
        for (int p = 0; p < parts; p++) {
            from[p + 1] += from[p];
        }
        try {
            out.spillSorted(p -> p >= parts ? () -> null : source(order, from[p], from[p + 1]), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counters.add(Counters.COMBINE_INPUT_RECORDS, added);
        counters.add(Counters.COMBINE_OUTPUT_RECORDS, size);
        added = 0;
        size = 0;
        arenaUsed = 0;
        if ((long) length.length * SLOT_BYTES > limitBytes / 2) {
            allocate(1 << 12); // the next run starts small again rather than hold a table the limit cannot afford twice
            arena = new byte[1 << 16];
        } else {
            Arrays.fill(length, -1);
        }
    }

    private RecordSource source(Integer[] order, int from, int to) {
        int[] i = {from};
        return () -> {
            if (i[0] >= to) {
                return null;
            }
            int s = order[i[0]++];
            return new Rec(Arrays.copyOfRange(arena, start[s], start[s] + length[s]), Serdes.LONG.toBytes(sums[s]));
        };
    }
}
