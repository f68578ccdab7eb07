package io.chordmr.engine;

import io.chordmr.engine.coord.JobRecord;
import io.chordmr.engine.coord.TaskRecord;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A job's status as the API shows it: phase, percent, task counts, counters, times, output, error. */
public record JobStatus(String id, String name, String state, String phase, double percent, TaskCounts maps,
                        TaskCounts reduces, Map<String, Long> counters, long submitTime, long startTime, long endTime,
                        String coordinator, String outputDataset, long outputRecords, String error, List<FailedAttempt> failures) {

    /** At most this many failed attempts are listed, the latest ones. */
    static final int FAILURES_SHOWN = 20;

    /** An attempt that failed: where, and why (for a task process that died, the exit code or signal and its last output). */
    public record FailedAttempt(String task, int attempt, String node, long endTime, String error) {
    }

    /** How many tasks of a phase are in each state. */
    public record TaskCounts(int total, int pending, int running, int succeeded, int failed) {

        static TaskCounts of(List<TaskRecord> tasks) {
            int pending = 0;
            int running = 0;
            int succeeded = 0;
            int failed = 0;
            for (TaskRecord t : tasks) {
                switch (t.state) {
                    case TaskRecord.PENDING -> pending++;
                    case TaskRecord.RUNNING -> running++;
                    case TaskRecord.SUCCEEDED -> succeeded++;
                    default -> failed++;
                }
            }
            return new TaskCounts(tasks.size(), pending, running, succeeded, failed);
        }
    }

    public boolean terminal() {
        return JobRecord.SUCCEEDED.equals(state) || JobRecord.FAILED.equals(state) || JobRecord.CANCELLED.equals(state);
    }

    public static JobStatus of(JobRecord r) {
        double done = 0;
        for (TaskRecord t : r.maps) {
            done += progress(t);
        }
        for (TaskRecord t : r.reduces) {
            done += progress(t);
        }
        int tasks = r.maps.size() + r.reduces.size();
        double percent = JobRecord.SUCCEEDED.equals(r.state) ? 100 : tasks == 0 ? 0 : Math.floor(1000 * done / tasks) / 10;
        Map<String, Long> counters = new TreeMap<>(r.counters);
        counters.put("failedAttempts", r.failedAttempts);
        counters.put("killedAttempts", r.killedAttempts);
        return new JobStatus(r.id, r.name, r.state, r.phase, percent, TaskCounts.of(r.maps), TaskCounts.of(r.reduces), counters,
                r.submitMillis, r.startMillis, r.endMillis, r.coordinator, r.outputDataset, r.outputRecords, r.error, failures(r));
    }

    private static List<FailedAttempt> failures(JobRecord r) {
        List<FailedAttempt> out = new java.util.ArrayList<>();
        for (List<TaskRecord> phase : List.of(r.maps, r.reduces)) {
            for (TaskRecord t : phase) {
                for (var a : t.attempts) {
                    if (TaskRecord.FAILED.equals(a.state)) {
                        out.add(new FailedAttempt(t.id, a.n, a.node, a.endMillis, a.error));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(FailedAttempt::endTime));
        return List.copyOf(out.subList(Math.max(0, out.size() - FAILURES_SHOWN), out.size()));
    }

    private static double progress(TaskRecord t) {
        if (TaskRecord.SUCCEEDED.equals(t.state)) {
            return 1;
        }
        return t.attempts.stream().filter(a -> TaskRecord.RUNNING.equals(a.state)).mapToDouble(a -> a.progress).max().orElse(0);
    }
}
