package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a job's result is stored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {

    @JsonPropertyDescription("Name of the dataset to create; it must not exist yet. Default: <job id>-output.")
    private String dataset;

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }
}
