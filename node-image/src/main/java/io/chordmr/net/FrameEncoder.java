package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Encodes {@link Frame}s in the layout documented on {@link FrameDecoder}. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        boolean request = frame.isRequest();
        int tokenBytes = request ? 2 + frame.token().length : 0;
        out.ensureWritable(4 + FrameDecoder.HEADER_BYTES + tokenBytes + frame.body().length);
        out.writeInt(FrameDecoder.HEADER_BYTES + tokenBytes + frame.body().length);
        out.writeByte(Frame.VERSION);
        out.writeByte(frame.type());
        out.writeLong(frame.requestId());
        if (request) {
            out.writeShort(frame.token().length);
            out.writeBytes(frame.token());
        }
        out.writeBytes(frame.body());
    }
}
