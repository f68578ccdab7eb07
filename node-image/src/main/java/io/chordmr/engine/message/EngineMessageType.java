package io.chordmr.engine.message;

import io.chordmr.net.MessageType;

/** The engine's requests between workers and coordinators. Codes are wire format: never reuse one. */
public enum EngineMessageType implements MessageType {
    JOB_ANNOUNCE(60),
    TASK_REQUEST(61),
    TASK_STATUS(62),
    TASK_DONE(63),
    MAP_OUTPUT_FETCH(64),
    JOB_CONTROL(65),
    JOB_CLEANUP(66);

    private final int code;

    EngineMessageType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
