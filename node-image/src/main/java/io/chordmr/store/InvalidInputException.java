package io.chordmr.store;

/** Input that cannot be split into chunks, such as a line longer than the largest chunk. */
public class InvalidInputException extends IllegalArgumentException {

    public InvalidInputException(String message) {
        super(message);
    }
}
