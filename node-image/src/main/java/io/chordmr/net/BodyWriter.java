package io.chordmr.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a message body: big-endian numbers, length-prefixed strings and byte arrays. */
public final class BodyWriter {

    private byte[] buf;
    private int size;

    public BodyWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public BodyWriter writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public BodyWriter writeBoolean(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    public BodyWriter writeShort(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public BodyWriter writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public BodyWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    public BodyWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a nullable string; null is length -1. */
    public BodyWriter writeNullableString(String s) {
        return s == null ? writeInt(-1) : writeString(s);
    }

    public BodyWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public BodyWriter writeBytes(byte[] b, int off, int len) {
        writeInt(len);
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    public byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
