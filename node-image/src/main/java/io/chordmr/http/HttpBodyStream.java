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
 * up, so a large upload never fills the memory. The socket's buffers are queued as they are, and
 * either handed over ({@link #nextBuffer()}, so a dataset's chunks are made of them) or read from.
 */
final class HttpBodyStream extends InputStream {

    private static final long HIGH_WATER = 8L << 20;
    private static final long LOW_WATER = 2L << 20;
    private static final Object END = new Object();
    private static final Object BROKEN = new Object();

    private final Channel channel;
    /** Retained content buffers, then END or BROKEN. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean closed;
    private ByteBuf current;
    private boolean finished;

    HttpBodyStream(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: queues the content (retained); pauses socket reads above the high-water mark. */
    void offer(ByteBuf content) {
        int n = content.readableBytes();
        if (n == 0) {
            return;
        }
        queue.add(content.retain());
        if (closed) {
            drain(); // the reader has gone: free what it will never read
            return;
        }
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
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.readableBytes());
        current.readBytes(b, off, n);
        consumed(n);
        return n;
    }

    /** The next of the body's buffers as it came off the socket, handed over (the caller releases it); null at the end. */
    ByteBuf nextBuffer() throws IOException {
        if (!advance()) {
            return null;
        }
        ByteBuf b = current;
        current = null;
        consumed(b.readableBytes());
        return b;
    }

    /** Makes {@code current} a buffer with bytes to read, waiting for one; false at the body's end. */
    private boolean advance() throws IOException {
        if (finished) {
            return false;
        }
        if (closed) {
            throw new IOException("the upload's stream is closed");
        }
        while (current == null || !current.isReadable()) {
            if (current != null) {
                current.release();
                current = null;
            }
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the upload", e);
            }
            if (next == END) {
                finished = true;
                return false;
            }
            if (next == BROKEN) {
                throw new IOException("the client closed the connection before the upload ended");
            }
            current = (ByteBuf) next;
        }
        return true;
    }

    /** Bytes left the queue: reads from the socket resume once few are left. */
    private void consumed(int n) {
        if (queued.addAndGet(-n) < LOW_WATER && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /**
     * The reader is done, at the end or not: frees every buffer still held, and lets the socket be
     * read again so the rest of a refused body drains rather than stalls the connection.
     */
    @Override
    public void close() {
        closed = true;
        if (current != null) {
            current.release();
            current = null;
        }
        drain();
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    private void drain() {
        for (Object o = queue.poll(); o != null; o = queue.poll()) {
            if (o instanceof ByteBuf buf) {
                buf.release();
            }
        }
    }
}
