package io.chordmr.net;

/**
 * One decoded frame. Requests carry the cluster token; responses and errors carry none.
 *
 * @param type      what the frame is
 * @param requestId pairs a response with its request on one connection
 * @param token     the cluster token of a request (empty when the sender has none), null on responses
 * @param body      the payload, owned by this frame
 */
public record Frame(MessageType type, long requestId, byte[] token, byte[] body) {

    /** Wire protocol version; a frame of any other version closes the connection. */
    public static final int VERSION = 1;

    public static Frame request(MessageType type, long requestId, byte[] token, byte[] body) {
        return new Frame(type, requestId, token == null ? new byte[0] : token, body);
    }

    public static Frame response(long requestId, byte[] body) {
        return new Frame(MessageType.RESPONSE, requestId, null, body);
    }

    public static Frame error(long requestId, ErrorCode code, String message) {
        return new Frame(MessageType.ERROR, requestId, null, ErrorBody.encode(code, message));
    }
}
