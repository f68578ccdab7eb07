package io.chordmr.engine.sort;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A byte range of a file as a stream: one partition of a spill or map output. */
public final class SegmentInputStream extends BlockInputStream {

    private final FileChannel channel;
    private long position;
    private final long end;

    public SegmentInputStream(Path file, long offset, long length) throws IOException {
        this.channel = FileChannel.open(file);
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
