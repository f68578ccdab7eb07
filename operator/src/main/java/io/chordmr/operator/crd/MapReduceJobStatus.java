package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the operator reports about a job. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MapReduceJobStatus {

    @JsonPropertyDescription("Pending, Running, Suspended, Succeeded or Failed.")
    public String phase;

    @JsonPropertyDescription("Percent of the job's tasks done, such as 42%.")
    public String progress;

    @JsonPropertyDescription("Map tasks by state.")
    public TaskCounts maps;

    @JsonPropertyDescription("Reduce tasks by state.")
    public TaskCounts reduces;

    @JsonPropertyDescription("The job's counters: records in and out of each step, shuffled bytes, failed and killed attempts, "
            + "and the first 50 user counters by name.")
    public Map<String, Long> counters = new TreeMap<>();

    @JsonPropertyDescription("User counters left out of counters (the ring's GET /jobs/{id} has them all).")
    public Integer omittedCounters;

    @JsonPropertyDescription("When the job started running (RFC 3339).")
    public String startTime;

    @JsonPropertyDescription("When the job ended (RFC 3339).")
    public String completionTime;

    @JsonPropertyDescription("The job's result.")
    public JobOutput output;

    @JsonPropertyDescription("A human-readable word on the last transition, with its cause.")
    public String message;

    @JsonPropertyDescription("The generation of the spec this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Running, Suspended, Succeeded, Failed and Finished (either outcome), after the Kubernetes API "
            + "conventions.")
    public List<Condition> conditions = new ArrayList<>();
}
