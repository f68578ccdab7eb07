package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes {@link Frame}s in the layout documented on {@link FrameDecoder}. A small payload is
 * copied in behind the header. A large one (a chunk of a dataset) is not copied here: a tail in
 * direct memory goes out as it is, and a payload in arrays goes out as slices of them, which the
 * socket copies into pooled buffers a slice at a time, so no frame-sized buffer is allocated and
 * zeroed (a third of a put's CPU once went to such copies).
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    /** Payloads up to this size travel in the header's buffer. */
    static final int COPY_LIMIT = 64 << 10;
    /** The size of each slice of a larger payload held in an array. */
    static final int SLICE = 64 << 10;

    public FrameEncoder() {
        super(Frame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        boolean request = frame.isRequest();
        int tokenBytes = request ? 2 + frame.token().length : 0;
        int payload = frame.bodyLength();
        boolean copy = payload <= COPY_LIMIT;
        ByteBuf head = ctx.alloc().ioBuffer(4 + FrameDecoder.HEADER_BYTES + tokenBytes + (copy ? payload : 0));
        head.writeInt(FrameDecoder.HEADER_BYTES + tokenBytes + payload);
        head.writeByte(Frame.VERSION);
        head.writeByte(frame.type());
        head.writeLong(frame.requestId());
        if (request) {
            head.writeShort(frame.token().length);
            head.writeBytes(frame.token());
        }
        out.add(head);
        append(Unpooled.wrappedBuffer(frame.body()), copy, head, out);
        if (frame.tail() != null) {
            // Retained here: the encoder releases the frame, and with it the tail, once this returns.
            append(frame.tail(), copy, head, out);
        }
    }

    /** Copies the part into the header's buffer, or adds it (retained) as it is or as slices of its array. */
    private static void append(ByteBuf part, boolean copy, ByteBuf head, List<Object> out) {
        if (copy) {
            head.writeBytes(part, part.readerIndex(), part.readableBytes());
        } else if (part.isDirect()) {
            out.add(part.retainedDuplicate());
        } else {
            for (int off = 0; off < part.readableBytes(); off += SLICE) {
                out.add(part.retainedSlice(part.readerIndex() + off, Math.min(SLICE, part.readableBytes() - off)));
            }
        }
    }
}
