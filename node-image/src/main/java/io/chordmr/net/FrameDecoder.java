package io.chordmr.net;

import io.netty.buffer.ByteBuf;
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
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    static final int HEADER_BYTES = 1 + 1 + 8;
    static final int MAX_TOKEN_BYTES = 1024;

    private final int maxFrameBytes;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        int end = in.readerIndex() + length;
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
        byte[] body = new byte[end - in.readerIndex()];
        in.readBytes(body);
        out.add(new Frame(type, requestId, token, body));
    }
}
