package io.chordmr.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * A decoded frame too large to copy into an array on arrival (a dataset's chunk): its body is the
 * socket's own buffers, retained. Whoever takes it releases the body, or hands it to a handler
 * that does ({@link Dispatcher#dispatch(int, ByteBuf)}).
 *
 * @param type      as {@link Frame#type()}
 * @param requestId as {@link Frame#requestId()}
 * @param token     as {@link Frame#token()}
 * @param body      the payload, owned by this frame until handed on
 */
public record LargeFrame(int type, long requestId, byte[] token, ByteBuf body) {

    /** The body as an array, released: for a receiver that takes arrays. */
    byte[] bodyBytes() {
        return toArray(body);
    }

    /** A copy of a buffered body, which is released. */
    static byte[] toArray(ByteBuf body) {
        try {
            return ByteBufUtil.getBytes(body);
        } finally {
            body.release();
        }
    }
}
