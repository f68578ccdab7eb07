package io.chordmr.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The yardstick for the word-count benchmark: the fastest plain single-threaded count this
 * project knows how to write. A byte loop splits on ASCII whitespace (what {@code Words} counts as
 * whitespace below 0x80); words go into an open-addressing table whose keys are slices of one
 * byte arena and whose counts are a {@code long[]}: no String, no boxing, no per-word object.
 */
final class ByteWordCount {

    /** Distinct words, words in all, and a check sum over (word, count) pairs that does not depend on their order. */
    record Result(int distinct, long words, long checksum) {
    }

    private static final boolean[] SPACE = new boolean[256];

    static {
        for (int c : new int[] {' ', 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f}) {
            SPACE[c] = true;
        }
    }

    private byte[] arena = new byte[1 << 20];
    private int arenaUsed;
    private int[] start = new int[1 << 16];
    private int[] length = new int[1 << 16];
    private int[] hashes = new int[1 << 16];
    private long[] counts = new long[1 << 16];
    private int size;
    private long words;

    private ByteWordCount() {
        Arrays.fill(length, -1);
    }

    static Result count(Path file) throws IOException {
        return count(file, 1 << 22);
    }

    /** @param bufferBytes how much is read at a time (small in tests, so words cross reads) */
    static Result count(Path file, int bufferBytes) throws IOException {
        ByteWordCount c = new ByteWordCount();
        byte[] buf = new byte[bufferBytes];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int carried = 0;
            while (true) {
                int n = ch.read(ByteBuffer.wrap(buf, carried, buf.length - carried));
                if (n < 0) {
                    c.words(buf, 0, carried, true);
                    break;
                }
                int end = carried + n;
                int done = c.words(buf, 0, end, false);
                carried = end - done;
                System.arraycopy(buf, done, buf, 0, carried);
                if (carried == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2); // one word longer than the buffer
                }
            }
        }
        return new Result(c.size, c.words, c.checksum());
    }

    /** Counts the words in {@code buf[from, to)}; returns where an unfinished last word starts (or {@code to}). */
    private int words(byte[] buf, int from, int to, boolean last) {
        int i = from;
        while (true) {
            while (i < to && SPACE[buf[i] & 0xff]) {
                i++;
            }
            if (i == to) {
                return to;
            }
            int s = i;
            int h = 0;
            while (i < to && !SPACE[buf[i] & 0xff]) {
                h = 31 * h + buf[i];
                i++;
            }
            if (i == to && !last) {
                return s;
            }
            add(buf, s, i - s, h);
        }
    }

    private void add(byte[] buf, int off, int len, int h) {
        words++;
        int mask = length.length - 1;
        int slot = mix(h) & mask;
        while (length[slot] >= 0) {
            if (hashes[slot] == h && length[slot] == len && Arrays.equals(arena, start[slot], start[slot] + len, buf, off, off + len)) {
                counts[slot]++;
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(buf, off, arena, arenaUsed, len);
        start[slot] = arenaUsed;
        length[slot] = len;
        hashes[slot] = h;
        counts[slot] = 1;
        arenaUsed += len;
        if (++size * 2 > length.length) {
            grow();
        }
    }

    /** Sum over the words of hash(word) * count: two counts agree on it when they agree on every word's count. */
    private long checksum() {
        long sum = 0;
        for (int i = 0; i < length.length; i++) {
            if (length[i] >= 0) {
                sum += wordHash(arena, start[i], length[i]) * counts[i];
            }
        }
        return sum;
    }

    /** A 64-bit hash of a word's bytes, for the check sum (the table's 31-hash is too weak for that). */
    static long wordHash(byte[] b, int off, int len) {
        long h = 0xcbf29ce484222325L;
        for (int i = off; i < off + len; i++) {
            h = (h ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        int[] oldStart = start;
        int[] oldLength = length;
        int[] oldHashes = hashes;
        long[] oldCounts = counts;
        int cap = oldLength.length * 2;
        start = new int[cap];
        length = new int[cap];
        hashes = new int[cap];
        counts = new long[cap];
        Arrays.fill(length, -1);
        int mask = cap - 1;
        for (int i = 0; i < oldLength.length; i++) {
            if (oldLength[i] >= 0) {
                int slot = mix(oldHashes[i]) & mask;
                while (length[slot] >= 0) {
                    slot = (slot + 1) & mask;
                }
                start[slot] = oldStart[i];
                length[slot] = oldLength[i];
                hashes[slot] = oldHashes[i];
                counts[slot] = oldCounts[i];
            }
        }
    }
}
