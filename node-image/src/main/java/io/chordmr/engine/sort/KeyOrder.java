package io.chordmr.engine.sort;

import java.util.Arrays;

/**
 * The order of serialized keys (unsigned bytes, shorter first on a common prefix), with an 8-byte
 * prefix packed in a long so that most comparisons are one long comparison.
 */
public final class KeyOrder {

    private KeyOrder() {
    }

    /** The key's first 8 bytes, big-endian and zero-padded. */
    public static long prefix(byte[] k, int off, int len) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (i < len ? k[off + i] & 0xff : 0);
        }
        return p;
    }

    public static int compare(long pa, byte[] a, int aOff, int aLen, long pb, byte[] b, int bOff, int bLen) {
        int c = Long.compareUnsigned(pa, pb);
        if (c != 0) {
            return c;
        }
        if (aLen <= 8 || bLen <= 8) {
            // Equal padded prefixes and one key within them: the shorter key is the smaller.
            return Integer.compare(aLen, bLen);
        }
        return Arrays.compareUnsigned(a, aOff + 8, aOff + aLen, b, bOff + 8, bOff + bLen);
    }
}
