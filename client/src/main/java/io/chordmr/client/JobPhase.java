package io.chordmr.client;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which tasks a running job hands out: maps, then reduces; Done once its output is published. */
public enum JobPhase {
    MAP("Map"),
    REDUCE("Reduce"),
    DONE("Done");

    private final String label;

    JobPhase(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
