package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Decodes ring-protocol frames.
 *
 * <pre>
 * int   length      bytes that follow, at most maxFrameBytes
 * byte  version     {@link Frame#VERSION}
 * byte  type        {@link Frame#RESPONSE}, {@link Frame#ERROR} or a request's {@link MessageType} code
 * long  requestId
 * -- requests only --
 * short tokenLength, byte[tokenLength] token
 * -- all --
 * byte[] body       the rest of the frame
 * </pre>
 *
 * A bad length, version or type code throws (a code nobody serves is the dispatcher's to refuse), and the handler closes the connection.
 *
 * <p>A frame over {@link #STREAM_ABOVE} bytes is a {@link LargeFrame}: once its header is in, its
 * body is gathered as retained slices of the socket's buffers as they arrive, with no copy, rather
 * than in a cumulation buffer that grows (a copy and a zeroed allocation each time it doubles) and
 * is then copied into an array. A replica writes such a body to its file straight from those buffers.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    static final int HEADER_BYTES = 1 + 1 + 8;
    static final int MAX_TOKEN_BYTES = 1024;
    /** Frames longer than this are {@link LargeFrame}s, their bodies kept in the buffers they arrived in. */
    static final int STREAM_ABOVE = 64 << 10;

    private final int maxFrameBytes;
    /** A large frame whose header is decoded and whose body is still arriving; null between frames. */
    private LargeFrame partial;
    private int missing;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (partial != null) {
            int n = Math.min(in.readableBytes(), missing);
            ((CompositeByteBuf) partial.body()).addComponent(true, in.readRetainedSlice(n));
            missing -= n;
            if (missing == 0) {
                out.add(partial);
                partial = null;
            }
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < HEADER_BYTES) {
            throw new CorruptedFrameException("frame length " + length + " is below the header size " + HEADER_BYTES);
        }
        if (length > maxFrameBytes) {
            throw new TooLongFrameException("frame length " + length + " exceeds the maximum " + maxFrameBytes);
        }
        boolean whole = in.readableBytes() >= 4 + length;
        if (!whole && (length <= STREAM_ABOVE || in.readableBytes() < 4 + headerLength(in, length))) {
            return;
        }
        int start = in.readerIndex();
        in.skipBytes(4);
        int end = start + 4 + length;
        int version = in.readUnsignedByte();
        if (version != Frame.VERSION) {
            throw new CorruptedFrameException("protocol version " + version + " is not " + Frame.VERSION);
        }
        int type = in.readUnsignedByte();
        if (type == 0 || type > Frame.MAX_TYPE) {
            throw new CorruptedFrameException("message type " + type + " is outside 1.." + Frame.MAX_TYPE);
        }
        long requestId = in.readLong();
        byte[] token = null;
        if (Frame.isRequest(type)) {
            if (end - in.readerIndex() < 2) {
                throw new CorruptedFrameException("request frame too short for its token length");
            }
            int tokenLength = in.readUnsignedShort();
            if (tokenLength > MAX_TOKEN_BYTES || tokenLength > end - in.readerIndex()) {
                throw new CorruptedFrameException("token length " + tokenLength + " is out of range");
            }
            token = new byte[tokenLength];
            in.readBytes(token);
        }
        int bodyLength = end - in.readerIndex();
        if (length <= STREAM_ABOVE) {
            byte[] body = new byte[bodyLength];
            in.readBytes(body);
            out.add(new Frame(type, requestId, token, body));
            return;
        }
        CompositeByteBuf body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        int here = Math.min(bodyLength, in.readableBytes());
        body.addComponent(true, in.readRetainedSlice(here));
        LargeFrame frame = new LargeFrame(type, requestId, token, body);
        if (here == bodyLength) {
            out.add(frame);
        } else {
            partial = frame;
            missing = bodyLength - here;
        }
    }

    /** A frame cut off by the connection's end is dropped, its buffers freed. */
    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (partial != null) {
            partial.body().release();
            partial = null;
        }
    }

    /**
     * The bytes of a frame before its body, from what has arrived of it: {@link #HEADER_BYTES}, and a
     * request's token. Until the token's length has arrived, a length that makes the caller wait.
     */
    private static int headerLength(ByteBuf in, int length) {
        int at = in.readerIndex() + 4;
        if (in.readableBytes() < 4 + HEADER_BYTES || !Frame.isRequest(in.getUnsignedByte(at + 1))) {
            return HEADER_BYTES;
        }
        if (in.readableBytes() < 4 + HEADER_BYTES + 2) {
            return HEADER_BYTES + 2;
        }
        // A token length past the frame's end is refused once decoding starts.
        return Math.min(length, HEADER_BYTES + 2 + in.getUnsignedShort(at + HEADER_BYTES));
    }
}
