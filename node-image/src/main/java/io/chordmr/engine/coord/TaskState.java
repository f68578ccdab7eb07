package io.chordmr.engine.coord;

import com.fasterxml.jackson.annotation.JsonValue;

/** A task in the task table: waiting for a worker, running (one attempt or more), done, or out of attempts. */
public enum TaskState {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed");

    private final String label;

    TaskState(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
