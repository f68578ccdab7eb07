package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How inline input is split into map tasks: about {@code bytes}, or exactly {@code records} lines, per task. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SplitSpec {

    @JsonPropertyDescription("About this many bytes per split, cut at line ends.")
    private Long bytes;

    @JsonPropertyDescription("Exactly this many lines per split.")
    private Long records;

    public Long getBytes() {
        return bytes;
    }

    public void setBytes(Long bytes) {
        this.bytes = bytes;
    }

    public Long getRecords() {
        return records;
    }

    public void setRecords(Long records) {
        this.records = records;
    }
}
