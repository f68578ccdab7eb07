package io.chordmr.engine.task;

import io.chordmr.api.Serdes;
import io.chordmr.engine.sort.KeyOrder;
import io.chordmr.engine.sort.MapOutputWriter;
import io.chordmr.engine.sort.Rec;
import io.chordmr.engine.sort.RecordSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Map output for a {@link io.chordmr.api.LongSum} combiner: one running {@code long} per distinct
 * key in an open-addressing table whose keys are slices of one byte arena, so a word count keeps
 * no object per word or per count. When the table passes its memory limit, its keys are sorted by
 * (partition, key) and written with their sums as one spill run, and the table starts empty.
 */
final class LongSumTable {

    /** Bytes a slot costs beyond its key: start, length, hash, partition (ints) and the sum (a long). */
    private static final int SLOT_BYTES = 4 * 4 + 8;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MapOutputWriter out;
    private final ToIntFunction<Object> partitionOf;
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

    /** @param partitionOf a new key's partition, asked once per key between spills */
    LongSumTable(MapOutputWriter out, ToIntFunction<Object> partitionOf, long limitBytes, Counters counters) {
        this.out = out;
        this.partitionOf = partitionOf;
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

    /**
     * Adds {@code value} to the sum of the key {@code key[off, off + len)}; {@code keyObject} (the
     * key as the mapper emitted it) goes to the partitioner the first time the key comes.
     */
    void add(byte[] key, int off, int len, long value, Object keyObject) {
        added++;
        int h = hash(key, off, len);
        int mask = length.length - 1;
        int slot = h & mask;
        while (length[slot] >= 0) {
            if (hashes[slot] == h && length[slot] == len && sameKey(start[slot], key, off, len)) {
                sums[slot] += value;
                return;
            }
            slot = (slot + 1) & mask;
        }
        // Asked before the slot is taken: a partitioner that throws (a bad record, skipped) leaves the table as it was.
        int partition = partitionOf.applyAsInt(keyObject);
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(key, off, arena, arenaUsed, len);
        start[slot] = arenaUsed;
        length[slot] = len;
        hashes[slot] = h;
        partitions[slot] = partition;
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

    /** A plain loop: keys are words, a few bytes long, where Arrays.equals's range checks and set-up cost more than the compare. */
    private boolean sameKey(int at, byte[] key, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (arena[at + i] != key[off + i]) {
                return false;
            }
        }
        return true;
    }

    /** Eight bytes at a time, then the tail: one multiply per eight bytes rather than one per byte. */
    static int hash(byte[] b, int off, int len) {
        long h = len * 0x9E3779B97F4A7C15L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 32;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (b[i] & 0xffL) << shift;
        }
        h = (h ^ tail) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29));
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
        int parts = 0;
        for (int i = 0; i < length.length; i++) {
            if (length[i] >= 0) {
                parts = Math.max(parts, partitions[i] + 1);
            }
        }
        int[] from = new int[parts + 1];
        int[] order = sortedOrder(parts, from);
        int partCount = parts;
        try {
            out.spillSorted(p -> p >= partCount ? () -> null : source(order, from[p], from[p + 1]), size);
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

    /**
     * The occupied slots sorted by (partition, key); {@code from[p]} is where partition {@code p}
     * starts in the answer and {@code from[parts]} its end.
     */
    private int[] sortedOrder(int parts, int[] from) {
        for (int i = 0; i < length.length; i++) {
            if (length[i] >= 0) {
                from[partitions[i] + 1]++;
            }
        }
        for (int p = 0; p < parts; p++) {
            from[p + 1] += from[p];
        }
        int[] order = new int[size];
        int[] next = Arrays.copyOf(from, parts);
        for (int i = 0; i < length.length; i++) {
            if (length[i] >= 0) {
                order[next[partitions[i]]++] = i;
            }
        }
        for (int p = 0; p < parts; p++) {
            sortByKey(order, from[p], from[p + 1]);
        }
        return order;
    }

    /** A key (a slice of the arena) and its sum. */
    interface Entry {
        void accept(byte[] arena, int offset, int length, long sum);
    }

    /** Every key with its sum in key order, for a reduce that aggregated into one table (all partition 0). */
    void forEachSorted(Entry each) {
        int[] from = new int[2];
        for (int slot : size == 0 ? new int[0] : sortedOrder(1, from)) {
            each.accept(arena, start[slot], length[slot], sums[slot]);
        }
    }

    int size() {
        return size;
    }

    /** Bits of a sort word that hold the slot's place in its bucket; the rest hold the top of the key's prefix. */
    private static final int INDEX_BITS = 20;

    /**
     * Sorts {@code order[from, to)} by key: a primitive sort of words holding the first 44 bits of
     * each key above its index, then the rare runs that tie on those bits by the whole key.
     */
    private void sortByKey(int[] order, int from, int to) {
        int n = to - from;
        if (n >= 1 << INDEX_BITS) {
            Integer[] boxed = Arrays.stream(order, from, to).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, this::compareSlots);
            for (int i = 0; i < n; i++) {
                order[from + i] = boxed[i];
            }
            return;
        }
        long[] words = new long[n];
        for (int i = 0; i < n; i++) {
            int slot = order[from + i];
            long top = KeyOrder.prefix(arena, start[slot], length[slot]) >>> INDEX_BITS << INDEX_BITS;
            words[i] = (top | i) ^ Long.MIN_VALUE; // signed order of the flipped word = unsigned order of the prefix
        }
        Arrays.sort(words);
        int[] sorted = new int[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = order[from + (int) (words[i] & ((1 << INDEX_BITS) - 1))];
        }
        for (int i = 0; i < n; ) {
            int j = i + 1;
            long top = words[i] >>> INDEX_BITS;
            while (j < n && words[j] >>> INDEX_BITS == top) {
                j++;
            }
            if (j - i > 1) {
                insertionSort(sorted, i, j);
            }
            i = j;
        }
        System.arraycopy(sorted, 0, order, from, n);
    }

    private void insertionSort(int[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int x = a[i];
            int j = i - 1;
            while (j >= from && compareSlots(a[j], x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private int compareSlots(int a, int b) {
        return Arrays.compareUnsigned(arena, start[a], start[a] + length[a], arena, start[b], start[b] + length[b]);
    }

    private RecordSource source(int[] order, int from, int to) {
        int[] i = {from};
        return () -> {
            if (i[0] >= to) {
                return null;
            }
            int s = order[i[0]++];
            return new Rec(Arrays.copyOfRange(arena, start[s], start[s] + length[s]), Serdes.encodeLong(sums[s]));
        };
    }
}
