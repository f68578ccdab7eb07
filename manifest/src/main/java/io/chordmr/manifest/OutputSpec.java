package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where a job's result goes: a ring {@code dataset} (the default, {@code <job id>-output}), or
 * object storage at {@code url} ({@code s3://bucket/prefix/}), written as {@code part-r-00000 ...}
 * and then {@code _SUCCESS}, exactly once whatever fails.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutputSpec {

    @JsonPropertyDescription("Name of the dataset to create; it must not exist yet. Default: <job id>-output.")
    private String dataset;

    @JsonPropertyDescription("An s3://bucket/prefix/ to write part-r-NNNNN objects and then _SUCCESS under, instead of a dataset.")
    private String url;

    @JsonPropertyDescription("Write to an output URL that already holds objects, replacing them. Default false, as Hadoop refuses an existing output directory.")
    private Boolean overwrite;

    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public Boolean getOverwrite() {
        return overwrite;
    }

    public void setOverwrite(Boolean overwrite) {
        this.overwrite = overwrite;
    }

    public boolean overwriteOrDefault() {
        return Boolean.TRUE.equals(overwrite);
    }
}
