package io.chordmr.engine.sort;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads what {@link RecordWriter} wrote; a truncated record is an error naming the position. */
public final class RecordReader implements AutoCloseable {

    private static final int MAX_FIELD = 256 << 20;

    private final InputStream in;
    private long position;

    public RecordReader(InputStream in) {
        this.in = in;
    }

    /** The next record, or null at the end. */
    public Rec next() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] key = field(first);
        int v = in.read();
        if (v < 0) {
            throw new EOFException("record truncated after its key at byte " + position);
        }
        return new Rec(key, field(v));
    }

    private byte[] field(int firstByte) throws IOException {
        int len = firstByte & 0x7f;
        int shift = 7;
        int b = firstByte;
        position++;
        while ((b & 0x80) != 0) {
            b = in.read();
            if (b < 0 || shift > 28) {
                throw new EOFException("bad record length at byte " + position);
            }
            position++;
            len |= (b & 0x7f) << shift;
            shift += 7;
        }
        if (len < 0 || len > MAX_FIELD) {
            throw new IOException("record field of " + len + " bytes at byte " + position + " is out of range");
        }
        byte[] out = in.readNBytes(len);
        if (out.length != len) {
            throw new EOFException("record truncated at byte " + position + ": wanted " + len + " bytes, got " + out.length);
        }
        position += len;
        return out;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
