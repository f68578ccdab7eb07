package io.chordmr.net;

/**
 * Thrown by a request handler to answer with a specific error code instead of INTERNAL.
 */
public class RequestException extends RuntimeException {

    private final ErrorCode code;

    public RequestException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
