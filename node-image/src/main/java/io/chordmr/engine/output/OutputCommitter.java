package io.chordmr.engine.output;

import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.task.ReduceOutput;
import java.util.Collection;
import java.util.List;

/**
 * Makes a job's output visible once: every reduce attempt writes where no reader looks (ring
 * chunks under attempt-unique keys, or an uncompleted S3 multipart upload), and the coordinator
 * commits the winning attempt of each partition when the job succeeds. Everything else goes at
 * clean-up, so no reader ever sees a partial or duplicate partition.
 */
public interface OutputCommitter {

    /** One partition's committed attempt: what it wrote, and its upload for object-storage output (else null). */
    record Partition(ReduceOutput output, OutputUpload upload) {
    }

    /**
     * Publishes the partitions, in partition order, and returns their records. Called again by
     * the next coordinator when this one died part-way, so a step already done is no error.
     */
    long commit(List<Partition> partitions);

    /**
     * Removes every attempt's output but the committed partitions' (none survive for a job that
     * did not succeed): {@code discardedChunks} are ring chunks known to be unwanted.
     */
    void cleanUp(List<Partition> committed, Collection<String> discardedChunks);

    /**
     * Drops one attempt's upload the coordinator refused: it lost to another attempt, or it was
     * handed over after clean-up had already swept the prefix (a reduce ending as its job is
     * cancelled), so no later sweep would find it.
     */
    default void abandon(OutputUpload upload) {
    }
}
