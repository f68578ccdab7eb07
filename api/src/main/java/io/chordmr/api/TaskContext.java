package io.chordmr.api;

/** What a task knows about itself and its job. */
public interface TaskContext {

    String jobId();

    /** Such as {@code m-00003} or {@code r-00001}. */
    String taskId();

    /** 1 for the first attempt of a task, 2 for its first retry, and so on. */
    int attempt();

    /**
     * What a map task reads: the URL of its file, or the name of its dataset (Hadoop's input
     * split path); null in a reduce.
     */
    String inputName();

    /**
     * The local copy of a file shipped with the job ({@code spec.files}), by its name.
     *
     * @throws IllegalArgumentException when the job ships no file of that name
     */
    java.nio.file.Path file(String name);

    /** The number of reduce partitions. */
    int partitions();

    /** A value from the manifest's {@code spec.config}, or null. */
    String config(String name);

    default String config(String name, String defaultValue) {
        String v = config(name);
        return v == null ? defaultValue : v;
    }

    /** A user counter, shown in the job's status as {@code group.name}. */
    Counter counter(String group, String name);
}
