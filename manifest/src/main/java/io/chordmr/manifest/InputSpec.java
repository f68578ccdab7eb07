package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A job's input: inline {@code lines}, or a stored {@code dataset}; exactly one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InputSpec {

    @JsonPropertyDescription("Input lines given in the manifest itself.")
    private List<String> lines;

    @JsonPropertyDescription("Name of a stored dataset.")
    private String dataset;

    public List<String> getLines() {
        return lines;
    }

    public void setLines(List<String> lines) {
        this.lines = lines;
    }

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }
}
