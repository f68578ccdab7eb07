package io.chordmr.api;

/**
 * Chooses the reduce partition of an intermediate key: every pair with the same key must go to
 * the same partition. The default is {@link HashPartitioner}.
 */
@FunctionalInterface
public interface Partitioner<K> {

    /** A partition in {@code [0, partitions)}. */
    int partition(K key, int partitions);

    /** Called once per task before any key, with the job's configuration. */
    default void setup(TaskContext context) {
    }
}
