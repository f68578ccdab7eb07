package io.chordmr.engine.coord;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One attempt of a task: running, or ended. FAILED counts against the task (its code failed or
 * stalled); KILLED does not (its node was lost, another attempt won, or its input was lost).
 */
public enum AttemptState {
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    KILLED("Killed");

    private final String label;

    AttemptState(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}
