package io.chordmr.engine.task;

import io.chordmr.manifest.JobSpec;
import java.util.List;

/**
 * One attempt, as the node hands it to whatever runs job code (a task process, or a thread of
 * {@code chordmr local}): everything is a local file, so the runner needs no ring, store or token.
 * Exactly one of {@code map} and {@code reduce} is set.
 *
 * @param jarFile the job jar on local disk, or null when the job's classes are on the classpath
 */
/**
 * @param filesDir where this node keeps the job's {@code spec.files}, by name; null when it ships none
 */
public record TaskWork(String jobId, String taskId, int attempt, JobSpec spec, String jarFile, String filesDir, int partitions,
                       MapInput map, ReduceInput reduce) {

    /** A map's input: the chunk's bytes in a local file, and where its output goes. */
    /** @param inputName the dataset or URL the chunk is part of, for {@code TaskContext.inputName()} */
    public record MapInput(ChunkFile chunk, long datasetOffset, String inputName, String outputFile, int sortBufferBytes) {

        /** The sort buffer of a task process with {@code heapBytes} of heap: a quarter of it, between 1 and 64 MiB. */
        public static int sortBufferFor(long heapBytes) {
            return (int) Math.max(1 << 20, Math.min(64L << 20, heapBytes / 4));
        }
    }

    /** A reduce's input: its partition of every map output, already on local disk. */
    public record ReduceInput(List<SegmentFile> segments, long records) {
    }

    /** {@code length} bytes at {@code position} in a file, whose CRC-32 is {@code crc}. */
    public record ChunkFile(String path, long position, int length, int crc) {
    }

    /** One sorted segment: {@code length} bytes at {@code position} in a file. */
    public record SegmentFile(String path, long position, long length) {
    }

    public String describe() {
        return (map != null ? "map " : "reduce ") + taskId + " of job " + jobId;
    }
}
