package io.chordmr.engine.sort;

import java.io.IOException;
import java.io.InputStream;

/** An input stream that only reads blocks: its single-byte read is a one-byte block read. */
public abstract class BlockInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
