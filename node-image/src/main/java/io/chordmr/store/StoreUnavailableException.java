package io.chordmr.store;

/** No replica of a key could be reached, or none holds it. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
