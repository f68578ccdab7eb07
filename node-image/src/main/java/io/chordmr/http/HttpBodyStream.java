package io.chordmr.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upload's body as a blocking stream for a worker thread, fed by the event loop. When more
 * than a few MiB wait unread, the channel stops reading from the socket until the worker catches
 * up, so a large upload never fills the heap.
 */
final class HttpBodyStream extends InputStream {

    private static final long HIGH_WATER = 8L << 20;
    private static final long LOW_WATER = 2L << 20;
    private static final byte[] END = new byte[0];
    private static final byte[] BROKEN = new byte[0];

    private final Channel channel;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private byte[] current;
    private int pos;
    private boolean finished;

    HttpBodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: copies the content in; pauses socket reads above the high-water mark. */
    void offer(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        byte[] b = new byte[n];
        content.readBytes(b);
        queue.add(b);
        if (queued.addAndGet(n) > HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
    }

    void end() {
        queue.add(END);
    }

    /** The connection closed before the body ended. */
    void broken() {
        queue.add(BROKEN);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        while (current == null || pos == current.length) {
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the upload", e);
            }
            pos = 0;
            if (current == END) {
                finished = true;
                return -1;
            }
            if (current == BROKEN) {
                throw new IOException("the client closed the connection before the upload ended");
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        if (queued.addAndGet(-n) < LOW_WATER && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        return n;
    }
}
