package io.chordmr.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input handed over a buffer at a time, so that its bytes can be stored from the memory they
 * arrived in: an upload's socket buffers, or a stream read into pooled direct buffers.
 */
@FunctionalInterface
public interface BufferSource {

    /** How much of a stream one buffer holds. */
    int STREAM_BUFFER_BYTES = 64 << 10;

    /** The next bytes of the input (never an empty buffer), now the caller's to release; null at the end. */
    ByteBuf next() throws IOException;

    /** A stream's bytes in pooled direct buffers; the stream stays the caller's to close. */
    static BufferSource of(InputStream in) {
        return () -> {
            ByteBuf b = ByteBufAllocator.DEFAULT.directBuffer(STREAM_BUFFER_BYTES);
            try {
                while (b.isWritable() && b.writeBytes(in, b.writableBytes()) >= 0) {
                    // Fill the buffer: a stream may hand over a few bytes a read.
                }
            } catch (IOException | RuntimeException e) {
                b.release();
                throw e;
            }
            if (!b.isReadable()) {
                b.release();
                return null;
            }
            return b;
        };
    }
}
