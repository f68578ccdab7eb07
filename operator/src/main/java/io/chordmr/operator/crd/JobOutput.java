package io.chordmr.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a finished job's result is, and its first lines. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobOutput {

    @JsonPropertyDescription("The output dataset on the cluster's ring.")
    public String dataset;

    @JsonPropertyDescription("The output prefix in object storage, for a job writing there.")
    public String url;

    @JsonPropertyDescription("Records (key<TAB>value lines) in the output.")
    public Long records;

    @JsonPropertyDescription("The first result lines: at most 20, and 4 KiB in all.")
    public List<String> preview = new ArrayList<>();
}
