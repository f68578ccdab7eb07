package io.chordmr.net;

/** The peer answered with an ERROR frame. */
public class RemoteException extends RuntimeException {

    private final ErrorCode code;

    public RemoteException(Address peer, ErrorCode code, String message) {
        super(peer + " refused the request (" + code + "): " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
