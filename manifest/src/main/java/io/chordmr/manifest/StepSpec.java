package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One step of a job: a Java {@code class}, or a streaming {@code command}; exactly one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepSpec {

    @JsonProperty("class")
    @JsonPropertyDescription("Fully qualified class name.")
    private String className;

    @JsonPropertyDescription("A shell command speaking Hadoop Streaming's protocol: key<TAB>value lines on stdin and stdout.")
    private String command;

    public static StepSpec ofClass(String className) {
        StepSpec s = new StepSpec();
        s.className = className;
        return s;
    }

    public static StepSpec ofCommand(String command) {
        StepSpec s = new StepSpec();
        s.command = command;
        return s;
    }

    @JsonProperty("class")
    public String getClassName() {
        return className;
    }

    @JsonProperty("class")
    public void setClassName(String className) {
        this.className = className;
    }

    public String getCommand() {
        return command;
    }

    public void setCommand(String command) {
        this.command = command;
    }
}
