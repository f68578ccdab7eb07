package io.chordmr.net;

/** The peer did not answer: connection refused or closed, or the request timed out. */
public class PeerUnreachableException extends RuntimeException {

    private final Address peer;

    public PeerUnreachableException(Address peer, String reason, Throwable cause) {
        super(peer + " unreachable: " + reason, cause);
        this.peer = peer;
    }

    public Address peer() {
        return peer;
    }
}
