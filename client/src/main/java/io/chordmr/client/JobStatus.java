package io.chordmr.client;

import java.util.List;
import java.util.Map;

/**
 * A job's status as the API shows it: phase, percent, task counts, counters, times, output, error.
 * The output is a ring dataset ({@code outputDataset}) or an object-storage prefix ({@code outputUrl}).
 * A {@code suspended} job starts no new attempt until it is resumed.
 */
public record JobStatus(String id, String name, JobState state, JobPhase phase, double percent, TaskCounts maps,
                        TaskCounts reduces, Map<String, Long> counters, long submitTime, long startTime, long endTime,
                        String coordinator, String outputDataset, long outputRecords, String error, List<FailedAttempt> failures,
                        String outputUrl, boolean suspended) {

    /** An attempt that failed: where, and why (for a task process that died, the exit code or signal and its last output). */
    public record FailedAttempt(String task, int attempt, String node, long endTime, String error) {
    }

    /** How many tasks of a phase are in each state; {@code failed} tasks ran out of attempts. */
    public record TaskCounts(int total, int pending, int running, int succeeded, int failed) {
    }

    public boolean terminal() {
        return state.terminal();
    }
}
