package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads a body written by {@link BodyWriter}; a short or malformed body is a BAD_REQUEST. */
public final class BodyReader {

    private final ByteBuf buf;

    public BodyReader(byte[] body) {
        this(Unpooled.wrappedBuffer(body));
    }

    /** Reads a body held in buffers (a large frame's), from its reader index on; the caller still owns it. */
    public BodyReader(ByteBuf body) {
        this.buf = body;
    }

    public int readByte() {
        need(1);
        return buf.readByte();
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readShort() {
        need(2);
        return buf.readUnsignedShort();
    }

    public int readInt() {
        need(4);
        return buf.readInt();
    }

    public long readLong() {
        need(8);
        return buf.readLong();
    }

    public String readString() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    public String readNullableString() {
        need(4);
        if (buf.getInt(buf.readerIndex()) == -1) {
            buf.skipBytes(4);
            return null;
        }
        return readString();
    }

    public byte[] readBytes() {
        byte[] out = new byte[fieldLength()];
        buf.readBytes(out);
        return out;
    }

    /** A length-prefixed byte field as views of the body's memory, not a copy: valid as long as the body is. */
    public ByteBuffer[] readSlices() {
        int len = fieldLength();
        ByteBuffer[] out = buf.nioBuffers(buf.readerIndex(), len);
        buf.skipBytes(len);
        return out;
    }

    public boolean hasMore() {
        return buf.isReadable();
    }

    private int fieldLength() {
        int len = readInt();
        if (len < 0) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "negative field length " + len + " at byte " + (buf.readerIndex() - 4));
        }
        need(len);
        return len;
    }

    private void need(int n) {
        if (buf.readableBytes() < n) {
            throw new RequestException(ErrorCode.BAD_REQUEST,
                    "message body truncated: needs " + n + " bytes at byte " + buf.readerIndex() + " of " + buf.writerIndex());
        }
    }
}
