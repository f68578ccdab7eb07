package io.chordmr.engine.task.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.engine.sort.BlockInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The local channel between a node and one of its task processes, over a Unix domain socket.
 * Frames are {@code int length, byte type, byte[length - 1] body}; bodies are JSON but for a
 * reduce's output chunks. Blocking streams: each side reads on a thread of its own, and writes
 * are serialized here.
 *
 * <pre>
 * task → node   HELLO {secret, pid}   PROGRESS {progress, counters}   CHUNK int index, bytes   RESULT TaskResult
 * node → task   RUN TaskWork   KILL {reason}   STORED key | STORE_FAILED message   FORGET jobId
 *                WARM_UP | WARM_STOP (the node is idle: compile the engine's path; it is busy: stop)
 * </pre>
 */
public final class TaskChannel implements AutoCloseable {

    public static final byte HELLO = 1;
    public static final byte RUN = 2;
    public static final byte KILL = 3;
    public static final byte FORGET = 4;
    public static final byte PROGRESS = 5;
    public static final byte CHUNK = 6;
    public static final byte STORED = 7;
    public static final byte STORE_FAILED = 8;
    public static final byte RESULT = 9;
    public static final byte WARM_UP = 10;
    public static final byte WARM_STOP = 11;

    /** A reduce's output chunk (4 MiB) plus room; anything larger is a broken peer. */
    static final int MAX_FRAME = 80 << 20;

    public static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One frame read from the channel. */
    public record Frame(byte type, byte[] body) {
        public <T> T as(Class<T> t) {
            try {
                return JSON.readValue(body, t);
            } catch (IOException e) {
                throw new UncheckedIOException("malformed " + t.getSimpleName() + " frame on a task channel", e);
            }
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public record Hello(String secret, long pid) {
    }

    public record Progress(double progress, java.util.Map<String, Long> counters) {
    }

    public record Kill(String reason) {
    }

    private final SocketChannel socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public TaskChannel(SocketChannel socket) {
        this.socket = socket;
        // Not Channels.newInputStream/newOutputStream: both lock the channel's blocking lock, so a
        // write would wait for the read that is always pending on the other thread.
        this.in = new DataInputStream(new BufferedInputStream(new BlockInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : socket.read(ByteBuffer.wrap(b, off, len));
            }
        }, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    socket.write(buf);
                }
            }
        }, 1 << 16));
    }

    /** The next frame, or null at the end of the stream (the other side closed or died). */
    public Frame read() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("task channel frame of " + length + " bytes; the limit is " + MAX_FRAME);
        }
        byte type = in.readByte();
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return new Frame(type, body);
    }

    public void send(byte type, Object message) throws IOException {
        send(type, JSON.writeValueAsBytes(message));
    }

    public void sendText(byte type, String text) throws IOException {
        send(type, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public synchronized void send(byte type, byte[] body) throws IOException {
        out.writeInt(body.length + 1);
        out.writeByte(type);
        out.write(body);
        out.flush();
    }

    /** A reduce's output chunk: its index, then its bytes, with no copy into a JSON string. */
    public synchronized void sendChunk(int index, byte[] chunk) throws IOException {
        out.writeInt(chunk.length + 5);
        out.writeByte(CHUNK);
        out.writeInt(index);
        out.write(chunk);
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket whose peer is gone: nothing left to release
        }
    }
}
