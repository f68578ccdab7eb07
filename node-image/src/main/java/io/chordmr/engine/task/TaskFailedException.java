package io.chordmr.engine.task;

/** An attempt failed because of the job's code or data; the message is for the user. */
public class TaskFailedException extends RuntimeException {

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
