package io.chordmr.client;

/**
 * A node refused a call or none could be reached. {@code status} is the HTTP status of the
 * refusal, or 0 when no node answered at all.
 */
public class NodeApiException extends RuntimeException {

    private final int status;

    public NodeApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** No node answered: retrying later may help. */
    public boolean unavailable() {
        return status == 0 || status >= 500;
    }
}
