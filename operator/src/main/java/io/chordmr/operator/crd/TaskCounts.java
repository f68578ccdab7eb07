package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A phase's tasks by state. */
public class TaskCounts {

    public int total;
    public int running;
    public int succeeded;
    public int failed;

    @JsonPropertyDescription("succeeded/total, for kubectl get.")
    public String summary;
}
