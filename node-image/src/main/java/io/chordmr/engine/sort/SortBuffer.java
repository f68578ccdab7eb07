package io.chordmr.engine.sort;

import java.util.Arrays;

/**
 * The map side's bounded in-memory buffer: serialized pairs tagged with their partition, sorted
 * by (partition, key bytes) when full and handed out one partition at a time for spilling.
 */
public final class SortBuffer {

    private final int limitBytes;
    private byte[] data = new byte[1 << 16];
    private int used;
    private int[] part = new int[1024];
    private int[] keyOff = new int[1024];
    private int[] keyLen = new int[1024];
    private int[] valLen = new int[1024];
    private long[] prefix = new long[1024];
    private int count;
    private int[] order;
    private int[] partStart;

    public SortBuffer(int limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** Whether a record of this size must wait for a spill; a lone oversized record is always taken. */
    public boolean isFull(int incomingBytes) {
        return count > 0 && (used + incomingBytes > limitBytes || count == Integer.MAX_VALUE - 8);
    }

    public void add(int partition, byte[] k, byte[] v) {
        if (count == part.length) {
            int n = count * 2;
            part = Arrays.copyOf(part, n);
            keyOff = Arrays.copyOf(keyOff, n);
            keyLen = Arrays.copyOf(keyLen, n);
            valLen = Arrays.copyOf(valLen, n);
            prefix = Arrays.copyOf(prefix, n);
        }
        int need = used + k.length + v.length;
        if (need > data.length) {
            data = Arrays.copyOf(data, Math.max(need, Math.min(Math.max(limitBytes, need), data.length * 2)));
        }
        part[count] = partition;
        keyOff[count] = used;
        keyLen[count] = k.length;
        valLen[count] = v.length;
        prefix[count] = KeyOrder.prefix(k, 0, k.length);
        System.arraycopy(k, 0, data, used, k.length);
        System.arraycopy(v, 0, data, used + k.length, v.length);
        used = need;
        count++;
    }

    public int count() {
        return count;
    }

    /** Sorts by partition, then key bytes (unsigned), and notes where each partition starts. */
    public void sort(int partitions) {
        order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        quicksort(0, count - 1);
        partStart = new int[partitions + 1];
        int p = 0;
        for (int i = 0; i < count; i++) {
            while (p < part[order[i]]) {
                partStart[++p] = i;
            }
        }
        while (p < partitions) {
            partStart[++p] = count;
        }
    }

    /** The sorted records of one partition, after {@link #sort}; valid until {@link #clear}. */
    public RecordSource sorted(int p) {
        int[] i = {partStart[p]};
        int end = partStart[p + 1];
        return () -> {
            if (i[0] >= end) {
                return null;
            }
            int r = order[i[0]++];
            int k = keyOff[r];
            return new Rec(Arrays.copyOfRange(data, k, k + keyLen[r]),
                    Arrays.copyOfRange(data, k + keyLen[r], k + keyLen[r] + valLen[r]));
        };
    }

    public void clear() {
        count = 0;
        used = 0;
        order = null;
        partStart = null;
    }

    private int compare(int a, int b) {
        if (part[a] != part[b]) {
            return Integer.compare(part[a], part[b]);
        }
        return KeyOrder.compare(prefix[a], data, keyOff[a], keyLen[a], prefix[b], data, keyOff[b], keyLen[b]);
    }

    private void quicksort(int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            // Median of three keeps sorted and reverse-sorted input from going quadratic.
            if (compare(order[mid], order[lo]) < 0) {
                swap(mid, lo);
            }
            if (compare(order[hi], order[lo]) < 0) {
                swap(hi, lo);
            }
            if (compare(order[hi], order[mid]) < 0) {
                swap(hi, mid);
            }
            int pivot = order[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (compare(order[i], pivot) < 0) {
                    i++;
                }
                while (compare(order[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            if (j - lo < hi - i) {
                quicksort(lo, j);
                lo = i;
            } else {
                quicksort(i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && compare(order[j], order[j - 1]) < 0; j--) {
                swap(j, j - 1);
            }
        }
    }

    private void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}
