package io.chordmr.net;

/**
 * One decoded frame. Requests carry the cluster token; responses and errors carry none.
 *
 * @param type      the frame's type code: {@link #RESPONSE}, {@link #ERROR} or a request's {@link MessageType#code()}
 * @param requestId pairs a response with its request on one connection
 * @param token     the cluster token of a request (empty when the sender has none), null on responses
 * @param body      the payload, owned by this frame
 * @param tail      more payload sent right after {@code body}, so a large value goes out without first
 *                  being joined to its header (null when there is none); a decoded frame has none
 */
public record Frame(int type, long requestId, byte[] token, byte[] body, byte[] tail) {

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
    public static Frame request(MessageType type, long requestId, byte[] token, byte[] head, byte[] tail) {
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
        return body.length + (tail == null ? 0 : tail.length);
    }

    public boolean isRequest() {
        return isRequest(type);
    }

    static boolean isRequest(int type) {
        return type != RESPONSE && type != ERROR;
    }
}
