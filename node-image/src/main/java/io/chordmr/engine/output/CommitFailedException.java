package io.chordmr.engine.output;

/** The output cannot be published and trying again will not help: the job fails with this message. */
public final class CommitFailedException extends RuntimeException {

    public CommitFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
