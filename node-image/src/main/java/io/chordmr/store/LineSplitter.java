package io.chordmr.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Cuts an input into chunks that end at line boundaries, so a record never spans two chunks.
 * Concatenating the chunks gives back the input byte for byte. A chunk is made of the input's own
 * buffers (slices of them where a cut falls inside one), so its bytes are not copied: the store
 * writes and sends them from the memory they arrived in.
 */
final class LineSplitter implements AutoCloseable {

    private final BufferSource in;
    private final Split split;
    private final int maxChunkBytes;
    /** The bytes read and not yet handed out, from index 0. */
    private CompositeByteBuf buf = pieces();
    private boolean eof;
    private long offset;

    LineSplitter(BufferSource in, Split split, int maxChunkBytes) {
        this.in = in;
        this.split = split;
        this.maxChunkBytes = maxChunkBytes;
    }

    /** Byte offset in the input at which the next chunk starts. */
    long offset() {
        return offset;
    }

    /** The next chunk, the caller's to release; null at the end of the input. */
    ByteBuf next() throws IOException {
        fill(1);
        if (!buf.isReadable()) {
            return null;
        }
        int cut = split.records() > 0 ? cutByRecords() : cutByBytes();
        CompositeByteBuf chunk = pieces();
        CompositeByteBuf rest = pieces();
        // The chunk and the rest take their own references to the pieces on either side of the cut.
        buf.decompose(0, cut).forEach(p -> chunk.addComponent(true, p.retain()));
        buf.decompose(cut, buf.writerIndex() - cut).forEach(p -> rest.addComponent(true, p.retain()));
        buf.release();
        buf = rest;
        offset += cut;
        return chunk;
    }

    /** Frees what was read and not handed out. */
    @Override
    public void close() {
        buf.release();
        buf = pieces();
    }

    private static CompositeByteBuf pieces() {
        return Unpooled.compositeBuffer(Integer.MAX_VALUE);
    }

    private int cutByBytes() throws IOException {
        int target = (int) Math.min(split.bytes(), maxChunkBytes);
        fill(target);
        int len = buf.writerIndex();
        if (len <= target && eof) {
            return len;
        }
        int lastEnd = buf.forEachByteDesc(0, Math.min(len, target), ByteProcessor.FIND_LF);
        return lastEnd >= 0 ? lastEnd + 1 : scanForward(target);
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
            int len = buf.writerIndex();
            while (scanned < len) {
                int end = buf.forEachByte(scanned, len - scanned, ByteProcessor.FIND_LF);
                if (end < 0) {
                    scanned = len;
                } else if (++lines == n) {
                    return end + 1;
                } else {
                    scanned = end + 1;
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
        while (buf.writerIndex() < want && !eof) {
            ByteBuf next = in.next();
            if (next == null) {
                eof = true;
            } else {
                buf.addComponent(true, next);
            }
        }
    }

    /** The records in a chunk: its line ends, and one more when the last line has none. */
    static long countRecords(ByteBuf chunk) {
        long n = 0;
        for (ByteBuffer b : chunk.nioBuffers()) {
            n += lineEnds(b.order(ByteOrder.LITTLE_ENDIAN));
        }
        return chunk.isReadable() && chunk.getByte(chunk.writerIndex() - 1) != '\n' ? n + 1 : n;
    }

    private static long lineEnds(ByteBuffer b) {
        long n = 0;
        int i = b.position();
        int end = b.limit();
        // Eight bytes a step (a byte loop ran at about 1 GB/s and was half the ingest thread's time):
        // XOR with "\n\n\n\n\n\n\n\n" zeroes the newlines, and the high bit of each byte of
        // ~((w & 0x7f..) + 0x7f.. | w | 0x7f..) is set exactly where w has a zero byte (no carry crosses bytes).
        for (; i + 8 <= end; i += 8) {
            long w = b.getLong(i) ^ 0x0a0a0a0a0a0a0a0aL;
            n += Long.bitCount(~(((w & LOW7) + LOW7) | w | LOW7));
        }
        for (; i < end; i++) {
            if (b.get(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
}
