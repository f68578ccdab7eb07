package io.chordmr.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code spec} of a {@code MapReduceJob}: the same class for {@code chordmr local}, {@code
 * chordmr submit} and the Kubernetes custom resource. Data only; the engine validates it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Only the job-defining fields are fixed: each compares itself with its old value, and this rule
// catches an optional one added or removed. suspend, activeDeadlineSeconds and ttlSecondsAfterFinished may change.
@ValidationRule(value = "["
        + "has(self.split), has(self.combiner), has(self.partitioner), has(self.jar), "
        + "has(self.files), has(self.reduces), has(self.output), has(self.maxAttempts), "
        + "has(self.taskTimeoutSeconds), has(self.speculative), has(self.taskHeap), "
        + "has(self.skipBadRecords), has(self.config)"
        + "] == ["
        + "has(oldSelf.split), has(oldSelf.combiner), has(oldSelf.partitioner), has(oldSelf.jar), "
        + "has(oldSelf.files), has(oldSelf.reduces), has(oldSelf.output), has(oldSelf.maxAttempts), "
        + "has(oldSelf.taskTimeoutSeconds), has(oldSelf.speculative), has(oldSelf.taskHeap), "
        + "has(oldSelf.skipBadRecords), has(oldSelf.config)"
        + "]",
        message = "a job's fields cannot be added or removed once it is created, but suspend, activeDeadlineSeconds and "
                + "ttlSecondsAfterFinished; create a new job")
public class JobSpec {

    static final String IMMUTABLE = "cannot change once the job is created; create a new job instead: spec.";

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "cluster")
    @Required
    @JsonPropertyDescription("Name of the MapReduceCluster to run on (Kubernetes only).")
    private String cluster;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "input")
    @Required
    @JsonPropertyDescription("The input: inline lines, or a stored dataset.")
    private InputSpec input;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "split")
    @JsonPropertyDescription("How inline input is cut into map tasks: bytes or records per split.")
    private SplitSpec split;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "mapper")
    @Required
    @JsonPropertyDescription("The map step: a class on the classpath or in the job jar, or a streaming command.")
    private StepSpec mapper;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "combiner")
    @JsonPropertyDescription("Optional combiner run on map output: a Reducer class or a streaming command.")
    private StepSpec combiner;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "reducer")
    @Required
    @JsonPropertyDescription("The reduce step: a class or a streaming command.")
    private StepSpec reducer;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "partitioner")
    @JsonPropertyDescription("Optional Partitioner class; the default hashes the key.")
    private StepSpec partitioner;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "jar")
    @JsonPropertyDescription("A stored dataset holding a job jar, loaded in its own class loader per job.")
    private String jar;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "files")
    @JsonPropertyDescription("Files every task of the job finds by name: stored datasets, URLs, or local paths for the command line.")
    private List<FileSpec> files;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "reduces")
    @Min(1)
    @JsonPropertyDescription("Number of reduce tasks (partitions). Default 1.")
    private Integer reduces;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "output")
    @JsonPropertyDescription("Where the result goes.")
    private OutputSpec output;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "maxAttempts")
    @Min(1)
    @JsonPropertyDescription("Attempts per task before the job fails. Default 4.")
    private Integer maxAttempts;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "taskTimeoutSeconds")
    @Min(1)
    @JsonPropertyDescription("An attempt that reports no progress for this long is killed and retried. Default 300.")
    private Integer taskTimeoutSeconds;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "speculative")
    @JsonPropertyDescription("Launch backup attempts of stragglers near the end of a phase. Default true.")
    private Boolean speculative;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "taskHeap")
    @JsonPropertyDescription("Heap of the task processes that run this job's code, such as 1Gi. Default: the node's --task-heap; "
            + "at most what a node can give a task.")
    private String taskHeap;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "skipBadRecords")
    @JsonPropertyDescription("Skip input records whose map throws, counting them, instead of failing the attempt. Default false.")
    private Boolean skipBadRecords;

    @ValidationRule(value = "self == oldSelf", message = IMMUTABLE + "config")
    @JsonPropertyDescription("Job configuration passed to the tasks (TaskContext.config).")
    private Map<String, String> config = new LinkedHashMap<>();

    @Min(0)
    @JsonPropertyDescription("Kubernetes only: delete the MapReduceJob this many seconds after it finished (its output stays). "
            + "Unset keeps it.")
    private Integer ttlSecondsAfterFinished;

    @Min(1)
    @JsonPropertyDescription("The job fails with reason DeadlineExceeded, cancelled on the ring, this many seconds after it was "
            + "created (Kubernetes; waiting for its cluster counts) or submitted (command line). May change after creation.")
    private Long activeDeadlineSeconds;

    @JsonPropertyDescription("Kubernetes only: while true no new task of the job starts (running attempts finish); a job created "
            + "suspended is not submitted until this turns false. May change after creation.")
    private Boolean suspend;

    public Long getActiveDeadlineSeconds() {
        return activeDeadlineSeconds;
    }

    public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
        this.activeDeadlineSeconds = activeDeadlineSeconds;
    }

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public boolean suspendOrDefault() {
        return Boolean.TRUE.equals(suspend);
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public InputSpec getInput() {
        return input;
    }

    public void setInput(InputSpec input) {
        this.input = input;
    }

    public SplitSpec getSplit() {
        return split;
    }

    public void setSplit(SplitSpec split) {
        this.split = split;
    }

    public StepSpec getMapper() {
        return mapper;
    }

    public void setMapper(StepSpec mapper) {
        this.mapper = mapper;
    }

    public StepSpec getCombiner() {
        return combiner;
    }

    public void setCombiner(StepSpec combiner) {
        this.combiner = combiner;
    }

    public StepSpec getReducer() {
        return reducer;
    }

    public void setReducer(StepSpec reducer) {
        this.reducer = reducer;
    }

    public StepSpec getPartitioner() {
        return partitioner;
    }

    public void setPartitioner(StepSpec partitioner) {
        this.partitioner = partitioner;
    }

    public List<FileSpec> getFiles() {
        return files;
    }

    public void setFiles(List<FileSpec> files) {
        this.files = files;
    }

    public String getJar() {
        return jar;
    }

    public void setJar(String jar) {
        this.jar = jar;
    }

    public Integer getReduces() {
        return reduces;
    }

    public void setReduces(Integer reduces) {
        this.reduces = reduces;
    }

    public OutputSpec getOutput() {
        return output;
    }

    public void setOutput(OutputSpec output) {
        this.output = output;
    }

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Integer getTaskTimeoutSeconds() {
        return taskTimeoutSeconds;
    }

    public void setTaskTimeoutSeconds(Integer taskTimeoutSeconds) {
        this.taskTimeoutSeconds = taskTimeoutSeconds;
    }

    public String getTaskHeap() {
        return taskHeap;
    }

    public void setTaskHeap(String taskHeap) {
        this.taskHeap = taskHeap;
    }

    public Boolean getSpeculative() {
        return speculative;
    }

    public void setSpeculative(Boolean speculative) {
        this.speculative = speculative;
    }

    public Boolean getSkipBadRecords() {
        return skipBadRecords;
    }

    public void setSkipBadRecords(Boolean skipBadRecords) {
        this.skipBadRecords = skipBadRecords;
    }

    public Map<String, String> getConfig() {
        return config;
    }

    public void setConfig(Map<String, String> config) {
        this.config = config == null ? new LinkedHashMap<>() : config;
    }

    public Integer getTtlSecondsAfterFinished() {
        return ttlSecondsAfterFinished;
    }

    public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
        this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
    }

    // Effective values, defaults applied.

    public int reducesOrDefault() {
        return reduces == null ? 1 : reduces;
    }

    public int maxAttemptsOrDefault() {
        return maxAttempts == null ? 4 : maxAttempts;
    }

    public int taskTimeoutSecondsOrDefault() {
        return taskTimeoutSeconds == null ? 300 : taskTimeoutSeconds;
    }

    public boolean speculativeOrDefault() {
        return speculative == null || speculative;
    }

    public boolean skipBadRecordsOrDefault() {
        return skipBadRecords != null && skipBadRecords;
    }
}
