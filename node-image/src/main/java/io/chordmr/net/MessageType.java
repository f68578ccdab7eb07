package io.chordmr.net;

/**
 * A request type, defined by the layer that serves it (the ring, the store, the engine): a code
 * on the wire and a name for logs and metrics. The transport only dispatches codes; it knows no
 * layer's vocabulary. Codes are part of the wire format: never reuse one, and keep them in
 * {@code 3..127} ({@link Frame#RESPONSE} and {@link Frame#ERROR} are the transport's own).
 */
public interface MessageType {

    int code();

    String name();
}
