package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One decoded frame. Requests carry the cluster token; responses and errors carry none.
 *
 * @param type      the frame's type code: {@link #RESPONSE}, {@link #ERROR} or a request's {@link MessageType#code()}
 * @param requestId pairs a response with its request on one connection
 * @param token     the cluster token of a request (empty when the sender has none), null on responses
 * @param body      the payload, owned by this frame
 * @param tail      more payload sent right after {@code body}, so a large value goes out as it lies in
 *                  memory, neither joined to its header nor copied (null when there is none); owned by
 *                  this frame, whose reference count is the tail's; a decoded frame has none
 */
public record Frame(int type, long requestId, byte[] token, byte[] body, ByteBuf tail) implements ReferenceCounted {

    /** Wire protocol version; a frame of any other version closes the connection. */
    public static final int VERSION = 1;
    /** The answer to a request. */
    public static final int RESPONSE = 1;
    /** A refused or failed request: an {@link ErrorBody}. */
    public static final int ERROR = 2;
    /** Type codes are one unsigned byte below this. */
    static final int MAX_TYPE = 127;

    public Frame(int type, long requestId, byte[] token, byte[] body) {
        this(type, requestId, token, body, null);
    }

    public static Frame request(MessageType type, long requestId, byte[] token, byte[] body) {
        return request(type, requestId, token, body, null);
    }

    /** A request whose body is {@code head} followed by {@code tail}. */
    public static Frame request(MessageType type, long requestId, byte[] token, byte[] head, ByteBuf tail) {
        return new Frame(type.code(), requestId, token == null ? new byte[0] : token, head, tail);
    }

    public static Frame response(long requestId, byte[] body) {
        return new Frame(RESPONSE, requestId, null, body);
    }

    public static Frame error(long requestId, ErrorCode code, String message) {
        return new Frame(ERROR, requestId, null, ErrorBody.encode(code, message));
    }

    /** The payload's length on the wire: body and tail. */
    public int bodyLength() {
        return body.length + (tail == null ? 0 : tail.readableBytes());
    }

    // Reference counting is the tail's, so that a frame Netty drops unsent (a closed channel) frees it.

    @Override
    public int refCnt() {
        return tail == null ? 1 : tail.refCnt();
    }

    @Override
    public Frame retain() {
        return retain(1);
    }

    @Override
    public Frame retain(int increment) {
        if (tail != null) {
            tail.retain(increment);
        }
        return this;
    }

    @Override
    public Frame touch() {
        return this;
    }

    @Override
    public Frame touch(Object hint) {
        if (tail != null) {
            tail.touch(hint);
        }
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        return tail != null && tail.release(decrement);
    }

    public boolean isRequest() {
        return isRequest(type);
    }

    static boolean isRequest(int type) {
        return type != RESPONSE && type != ERROR;
    }
}
