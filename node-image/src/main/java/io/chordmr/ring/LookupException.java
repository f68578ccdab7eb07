package io.chordmr.ring;

/** A key's successor could not be found: this node is not a member, or routing failed. */
public class LookupException extends RuntimeException {

    public LookupException(String message) {
        super(message);
    }
}
