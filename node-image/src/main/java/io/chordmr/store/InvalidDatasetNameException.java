package io.chordmr.store;

/** A dataset name that cannot be stored; the message says why. */
public class InvalidDatasetNameException extends IllegalArgumentException {

    public InvalidDatasetNameException(String message) {
        super(message);
    }
}
