package io.chordmr.net;

/**
 * Every frame type of the ring protocol. Codes are part of the wire format: never reuse one.
 */
public enum MessageType {
    RESPONSE(1),
    ERROR(2),
    // ring maintenance and routing
    PING(10),
    FIND_STEP(11),
    GET_STATE(12),
    NOTIFY(13),
    LEAVE(14),
    // replicated store
    STORE_PUT(30),
    STORE_GET(31),
    STORE_HAVE(32),
    STORE_LIST(33),
    STORE_STATS(34),
    // MapReduce engine
    JOB_ANNOUNCE(60),
    TASK_REQUEST(61),
    TASK_STATUS(62),
    TASK_DONE(63),
    MAP_OUTPUT_FETCH(64),
    JOB_CONTROL(65),
    JOB_CLEANUP(66);

    private static final MessageType[] BY_CODE = new MessageType[128];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isRequest() {
        return this != RESPONSE && this != ERROR;
    }

    /** The type for a wire code, or null when the code is unknown. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
