package io.chordmr.engine.task;

import java.util.List;
import java.util.Map;

/**
 * How an attempt ended. On success exactly one of {@code map} and {@code reduce} is set; otherwise
 * {@code error} says why, for the user.
 *
 * @param killed        the attempt stopped because it was told to (the coordinator already knows)
 * @param leakedThreads threads the job's code started and left running: the process is not reused
 */
public record TaskResult(Map<String, Long> counters, MapResult map, ReduceOutput reduce, String error, boolean killed,
                         int leakedThreads) {

    /** Where each partition of a map's output lies in its file, and how many records it holds. */
    public record MapResult(List<Long> partitionLengths, List<Long> partitionRecords) {
    }

    public boolean success() {
        return error == null && !killed;
    }

    public static TaskResult failed(Map<String, Long> counters, String error) {
        return new TaskResult(counters, null, null, error, false, 0);
    }

    public static TaskResult killed(Map<String, Long> counters) {
        return new TaskResult(counters, null, null, null, true, 0);
    }

    public TaskResult withLeakedThreads(int n) {
        return new TaskResult(counters, map, reduce, error, killed, n);
    }
}
