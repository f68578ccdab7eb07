package io.chordmr.net;

/** Why a request was refused, carried in an ERROR frame. */
public enum ErrorCode {
    UNAUTHORIZED(1),
    BAD_REQUEST(2),
    NOT_MEMBER(3),
    NOT_FOUND(4),
    INTERNAL(5),
    UNSUPPORTED(6),
    CONFLICT(7);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ErrorCode fromCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL;
    }
}
