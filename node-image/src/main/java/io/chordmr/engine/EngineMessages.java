package io.chordmr.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chordmr.api.spec.JobSpec;
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

    /** A map output segment location for a reduce. */
    public record MapOutputRef(String taskId, String node, String host, int port, String file, long length, long records) {
    }

    public record Assignment(String jobId, String taskId, boolean map, int index, int attempt, long epoch, JobSpec spec, int partitions,
                             String chunkKey, long chunkOffset, List<MapOutputRef> mapOutputs, String outputDataset) {
    }

    /** {@code ended}: the job is over, stop asking. */
    public record TaskResponse(List<Assignment> assignments, boolean ended) {
    }

    public record TaskStatus(String jobId, String taskId, int attempt, long epoch, double progress, Map<String, Long> counters) {
    }

    public record StatusReply(boolean kill, String reason) {
    }

    public record TaskDone(String jobId, String taskId, int attempt, long epoch, String worker, boolean success, String error,
                           boolean fetchFailure, String failedMapTask, Map<String, Long> counters,
                           String outputFile, List<Long> partitionLengths, List<Long> partitionRecords,
                           List<String> outputKeys, List<Long> chunkRecords, List<Long> chunkBytes, long outputRecords, long outputBytes) {
    }

    public record DoneReply(boolean accepted) {
    }

    public record MapOutputFetch(String jobId, String file, int partition, long offset, int length) {
    }

    /** Submit, status, cancel or wake, sent to the owner of {@code job/<id>}. */
    public record JobControl(String op, String jobId) {
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
