package io.chordmr.client;

import java.util.List;

/**
 * {@code GET /jobs/{id}/tasks}: every map and reduce task of a job with each of its attempts, as
 * its coordinator holds them (or as last saved when none answers). Times are epoch milliseconds,
 * 0 when not reached; states are spelled as in the job's status.
 */
public record JobTasks(String id, JobState state, JobPhase phase, List<Task> tasks) {

    /** A task: {@code kind} is map or reduce; {@code input} the chunk or URL split a map reads (null for a reduce). */
    public record Task(String id, String kind, int index, String state, double progress, String input, long inputBytes,
                       List<Attempt> attempts, String error) {
    }

    /** One attempt: where it ran, how it ended, and why when it failed or was killed; {@code backup} for a speculative copy. */
    public record Attempt(int attempt, String node, String state, long startTime, long endTime, double progress, boolean backup,
                          String error) {
    }
}
