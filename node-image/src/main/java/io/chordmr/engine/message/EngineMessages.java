package io.chordmr.engine.message;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.engine.input.InputSplit;
import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.task.ReduceOutput;
import io.chordmr.net.ErrorCode;
import io.chordmr.net.RequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The engine's messages between workers and coordinators, as JSON bodies. */
public final class EngineMessages {

    public static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private EngineMessages() {
    }

    /** A coordinator telling every member that a job is running (or has ended). */
    public record JobAnnounce(String jobId, String coordinator, String host, int port, boolean ended) {
    }

    public record TaskRequest(String jobId, String worker, String host, int port, int slots) {
    }

    /** One reduce's part of a map output: the segment to fetch. */
    public record MapOutputRef(String taskId, String node, String host, int port, String file, long length, long records) {
    }

    /**
     * Where a finished map's output lies: the node that serves it and the file, with each
     * partition's length and record count. The same record travels from the worker in its
     * {@link TaskDone}, is kept in the task table, and is handed to reduces as {@link MapOutputRef}s.
     */
    public record MapOutputLocation(String node, String host, int port, String file, List<Long> partitionLengths,
                                    List<Long> partitionRecords) {

        public MapOutputRef ref(String taskId, int partition) {
            return new MapOutputRef(taskId, node, host, port, file, partitionLengths.get(partition), partitionRecords.get(partition));
        }
    }

    /** One attempt to run: a map of a dataset's chunk ({@code chunkKey}) or of a URL's split ({@code split}), or a reduce. */
    public record Assignment(String jobId, String taskId, boolean map, int index, int attempt, long epoch, JobSpec spec, int partitions,
                             String chunkKey, long chunkOffset, InputSplit split, List<MapOutputRef> mapOutputs, String outputDataset) {
    }

    /** {@code ended}: the job is over, stop asking. */
    public record TaskResponse(List<Assignment> assignments, boolean ended) {
    }

    public record TaskStatus(String jobId, String taskId, int attempt, long epoch, double progress, Map<String, Long> counters) {
    }

    public record StatusReply(boolean kill, String reason) {
    }

    /**
     * Why an attempt failed. {@code lostMapTask} is set when a reduce could not fetch that map's
     * output: not the reduce's fault, so it is not counted against it.
     */
    public record Failure(String error, String lostMapTask) {
    }

    /** One uploaded part of a multipart upload. */
    public record UploadedPart(int number, String etag) {
    }

    /**
     * A reduce attempt's output in object storage: an S3 multipart upload to {@code key} in
     * {@code bucket}, left uncompleted so nothing is visible until the coordinator completes the
     * winning attempt's. {@code uploadId} is null for an empty partition (nothing uploaded).
     */
    public record OutputUpload(String bucket, String key, String uploadId, List<UploadedPart> parts) {
    }

    /**
     * How an attempt ended: exactly one of {@code map}, {@code reduce} and {@code failure} is set;
     * {@code upload} with {@code reduce} when the job writes to object storage.
     */
    public record TaskDone(String jobId, String taskId, int attempt, long epoch, String worker, Map<String, Long> counters,
                           MapOutputLocation map, ReduceOutput reduce, OutputUpload upload, Failure failure) {

        public static TaskDone mapped(Assignment a, String worker, Map<String, Long> counters, MapOutputLocation output) {
            return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), worker, counters, output, null, null, null);
        }

        public static TaskDone reduced(Assignment a, String worker, Map<String, Long> counters, ReduceOutput output, OutputUpload upload) {
            return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), worker, counters, null, output, upload, null);
        }

        public static TaskDone failed(Assignment a, String worker, Map<String, Long> counters, String error, String lostMapTask) {
            return new TaskDone(a.jobId(), a.taskId(), a.attempt(), a.epoch(), worker, counters, null, null, null,
                    new Failure(error, lostMapTask));
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    public record DoneReply(boolean accepted) {
    }

    public record MapOutputFetch(String jobId, String file, int partition, long offset, int length) {
    }

    /** What a {@link JobControl} asks the owner of a job's record. */
    public enum JobOp { WAKE, STATUS, CANCEL, CLEANUP, SUSPEND, RESUME, TASKS }

    /** Sent to the owner of {@code job/<id>} (or, for CLEANUP, to every member). */
    public record JobControl(JobOp op, String jobId) {
    }

    public static byte[] encode(Object message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T decode(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new RequestException(ErrorCode.BAD_REQUEST, "malformed " + type.getSimpleName() + ": " + e.getMessage());
        }
    }
}
