package io.chordmr.store;

import io.chordmr.net.MessageType;

/** The replicated store's requests. Codes are wire format: never reuse one. */
public enum StoreMessageType implements MessageType {
    STORE_PUT(30),
    STORE_GET(31),
    STORE_HAVE(32),
    STORE_LIST(33),
    STORE_STATS(34),
    STORE_HOLDS(35),
    STORE_DIGEST(36);

    private final int code;

    StoreMessageType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }
}
