package io.chordmr.ring;

import io.chordmr.net.MessageType;

/** The ring's requests: liveness, routing, stabilization and leaving. Codes are wire format: never reuse one. */
public enum RingMessageType implements MessageType {
    PING(10),
    FIND_STEP(11),
    GET_STATE(12),
    NOTIFY(13),
    LEAVE(14);

    private final int code;

    RingMessageType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
