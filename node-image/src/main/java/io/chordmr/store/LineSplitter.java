package io.chordmr.store;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts a byte stream into chunks that end at line boundaries, so a record never spans two
 * chunks. Concatenating the chunks gives back the input byte for byte.
 */
final class LineSplitter {

    private final InputStream in;
    private final Split split;
    private final int maxChunkBytes;
    private byte[] buf;
    private int len;
    private boolean eof;
    private long offset;

    LineSplitter(InputStream in, Split split, int maxChunkBytes) {
        this.in = in;
        this.split = split;
        this.maxChunkBytes = maxChunkBytes;
        this.buf = new byte[(int) Math.min(maxChunkBytes, split.records() > 0 ? 1 << 16 : split.bytes() + (1 << 16))];
    }

    /** Byte offset in the input at which the next chunk starts. */
    long offset() {
        return offset;
    }

    /** The next chunk, or null at the end of the input. */
    byte[] next() throws IOException {
        fill(1);
        if (len == 0) {
            return null;
        }
        int cut = split.records() > 0 ? cutByRecords() : cutByBytes();
        byte[] chunk = Arrays.copyOf(buf, cut);
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
        offset += cut;
        return chunk;
    }

    private int cutByBytes() throws IOException {
        int target = (int) Math.min(split.bytes(), maxChunkBytes);
        fill(target);
        if (len <= target && eof) {
            return len;
        }
        for (int i = Math.min(len, target) - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return scanForward(target);
    }

    private int cutByRecords() throws IOException {
        return afterLines(0, split.records());
    }

    /** A line longer than the chunk target: the chunk ends where that line ends. */
    private int scanForward(int from) throws IOException {
        return afterLines(from, 1);
    }

    /** Just past the {@code n}-th line end at or after {@code from}, reading more as needed; the input's end if it comes first. */
    private int afterLines(int from, long n) throws IOException {
        long lines = 0;
        int scanned = from;
        while (true) {
            for (; scanned < len; scanned++) {
                if (buf[scanned] == '\n' && ++lines == n) {
                    return scanned + 1;
                }
            }
            if (eof) {
                return len;
            }
            if (len >= maxChunkBytes) {
                throw tooLong();
            }
            fill(len + 1);
        }
    }

    private InvalidInputException tooLong() {
        return new InvalidInputException("the line starting near byte " + offset + " of the input is longer than the largest chunk ("
                + maxChunkBytes + " bytes)");
    }

    /** Reads until at least {@code want} bytes are buffered or the input ends. */
    private void fill(int want) throws IOException {
        while (len < want && !eof) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(maxChunkBytes + 1, Math.max(buf.length * 2, want)));
                if (len == buf.length) {
                    return;
                }
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                eof = true;
            } else {
                len += n;
            }
        }
    }

    static long countRecords(byte[] chunk) {
        long n = 0;
        int i = 0;
        // Eight bytes a step (a byte loop ran at about 1 GB/s and was half the ingest thread's time):
        // XOR with "\n\n\n\n\n\n\n\n" zeroes the newlines, and the high bit of each byte of
        // ~((w & 0x7f..) + 0x7f.. | w | 0x7f..) is set exactly where w has a zero byte (no carry crosses bytes).
        for (; i + 8 <= chunk.length; i += 8) {
            long w = (long) LONGS.get(chunk, i) ^ 0x0a0a0a0a0a0a0a0aL;
            n += Long.bitCount(~(((w & LOW7) + LOW7) | w | LOW7));
        }
        for (; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                n++;
            }
        }
        return chunk.length > 0 && chunk[chunk.length - 1] != '\n' ? n + 1 : n;
    }

    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
