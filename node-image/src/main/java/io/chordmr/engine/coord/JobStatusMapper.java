package io.chordmr.engine.coord;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.client.JobTasks;
import io.chordmr.client.JobStatus.FailedAttempt;
import io.chordmr.client.JobStatus.TaskCounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A job's status, as the API shows it, from its record. */
public final class JobStatusMapper {

    /** At most this many failed attempts are listed, the latest ones. */
    static final int FAILURES_SHOWN = 20;

    private JobStatusMapper() {
    }

    public static JobStatus of(JobRecord r) {
        List<TaskRecord> tasks = r.tasks();
        double done = 0;
        long failed = 0;
        long killed = 0;
        for (TaskRecord t : tasks) {
            done += progress(t);
            for (AttemptRecord a : t.attempts) {
                failed += a.state == AttemptState.FAILED ? 1 : 0;
                killed += a.state == AttemptState.KILLED ? 1 : 0;
            }
        }
        double percent = r.state == JobState.SUCCEEDED ? 100 : tasks.isEmpty() ? 0 : Math.floor(1000 * done / tasks.size()) / 10;
        Map<String, Long> counters = new TreeMap<>(r.counters);
        counters.put("failedAttempts", failed);
        counters.put("killedAttempts", killed);
        return new JobStatus(r.id, r.name, r.state, r.phase, percent, counts(r.maps), counts(r.reduces), counters,
                r.submitMillis, r.startMillis, r.endMillis, r.coordinator, r.outputDataset, r.outputRecords, r.error, failures(tasks),
                r.spec == null || r.spec.getOutput() == null ? null : r.spec.getOutput().getUrl(), r.suspended);
    }

    static TaskCounts counts(List<TaskRecord> tasks) {
        int[] by = new int[TaskState.values().length];
        tasks.forEach(t -> by[t.state.ordinal()]++);
        return new TaskCounts(tasks.size(), by[TaskState.PENDING.ordinal()], by[TaskState.RUNNING.ordinal()],
                by[TaskState.SUCCEEDED.ordinal()], by[TaskState.FAILED.ordinal()]);
    }

    private static List<FailedAttempt> failures(List<TaskRecord> tasks) {
        List<FailedAttempt> out = new ArrayList<>();
        for (TaskRecord t : tasks) {
            for (AttemptRecord a : t.attempts) {
                if (a.state == AttemptState.FAILED) {
                    out.add(new FailedAttempt(t.id, a.n, a.node, a.endMillis, a.error));
                }
            }
        }
        out.sort(Comparator.comparingLong(FailedAttempt::endTime));
        return List.copyOf(out.subList(Math.max(0, out.size() - FAILURES_SHOWN), out.size()));
    }

    /** Every task of the job with its attempts, for {@code GET /jobs/{id}/tasks}. */
    public static JobTasks tasks(JobRecord r) {
        List<JobTasks.Task> out = new ArrayList<>();
        for (TaskRecord t : r.tasks()) {
            List<JobTasks.Attempt> attempts = t.attempts.stream().map(a -> new JobTasks.Attempt(a.n, a.node, a.state.label(), a.startMillis,
                    a.endMillis, a.state == AttemptState.SUCCEEDED ? 1 : a.progress, a.backup, a.error)).toList();
            String input = t.split != null ? t.split.url() : t.chunkKey;
            out.add(new JobTasks.Task(t.id, t.map ? "map" : "reduce", t.index, t.state.label(), progress(t), input,
                    t.map ? t.chunkBytes : 0, attempts, t.state == TaskState.FAILED ? t.lastError : null));
        }
        return new JobTasks(r.id, r.state, r.phase, out);
    }

    private static double progress(TaskRecord t) {
        if (t.succeeded()) {
            return 1;
        }
        return t.attempts.stream().filter(AttemptRecord::active).mapToDouble(a -> a.progress).max().orElse(0);
    }
}
