package io.chordmr.engine.sort;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes intermediate records: {@code varint keyLength, key, varint valueLength, value}, the
 * layout of spill files, map outputs and shuffled segments.
 */
public final class RecordWriter {

    private final OutputStream out;
    private long bytes;
    private long records;

    public RecordWriter(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] key, int keyOff, int keyLen, byte[] value, int valOff, int valLen) throws IOException {
        varint(keyLen);
        out.write(key, keyOff, keyLen);
        varint(valLen);
        out.write(value, valOff, valLen);
        bytes += keyLen + valLen;
        records++;
    }

    public void write(Rec r) throws IOException {
        write(r.key(), 0, r.key().length, r.value(), 0, r.value().length);
    }

    private void varint(int v) throws IOException {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            bytes++;
            v >>>= 7;
        }
        out.write(v);
        bytes++;
    }

    /** Bytes written so far, framing included. */
    public long bytes() {
        return bytes;
    }

    public long records() {
        return records;
    }
}
