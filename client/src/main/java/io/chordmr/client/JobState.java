package io.chordmr.client;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job is in its life; the API and the job's record spell each state in CamelCase. */
public enum JobState {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String label;

    JobState(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    @Override
    public String toString() {
        return label;
    }
}
