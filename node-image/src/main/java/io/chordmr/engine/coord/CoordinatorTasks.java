package io.chordmr.engine.coord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which task a worker gets next: local pending maps first, then any pending task, then backups of stragglers. */
final class CoordinatorTasks {

    private static final long MIN_BACKUP_MS = 2000;

    private final JobRecord job;
    private final Map<String, TaskRecord> byId = new HashMap<>();

    CoordinatorTasks(JobRecord job) {
        this.job = job;
    }

    List<TaskRecord> all() {
        List<TaskRecord> all = new ArrayList<>(job.maps);
        all.addAll(job.reduces);
        return all;
    }

    TaskRecord byId(String id) {
        if (byId.size() != job.maps.size() + job.reduces.size()) {
            byId.clear();
            all().forEach(t -> byId.put(t.id, t));
        }
        return byId.get(id);
    }

    TaskRecord next(String worker, Map<String, Set<String>> replicas) {
        List<TaskRecord> phase = JobRecord.MAP.equals(job.phase) ? job.maps : JobRecord.REDUCE.equals(job.phase) ? job.reduces : List.of();
        TaskRecord any = null;
        for (TaskRecord t : phase) {
            if (!TaskRecord.PENDING.equals(t.state)) {
                continue;
            }
            if (!t.map || replicas.getOrDefault(t.chunkKey, Set.of()).contains(worker)) {
                return t;
            }
            if (any == null) {
                any = t;
            }
        }
        if (any != null || !job.spec.speculativeOrDefault()) {
            return any;
        }
        return straggler(phase, worker);
    }

    /** A running task far slower than the finished ones, with no backup yet and none on this worker. */
    private TaskRecord straggler(List<TaskRecord> phase, String worker) {
        List<Long> durations = new ArrayList<>();
        for (TaskRecord t : phase) {
            if (TaskRecord.SUCCEEDED.equals(t.state) && t.succeededAttempt != null) {
                AttemptRecord a = t.attempt(t.succeededAttempt);
                durations.add(a.endMillis - a.startMillis);
            }
        }
        if (durations.isEmpty()) {
            return null;
        }
        durations.sort(null);
        long threshold = Math.max(MIN_BACKUP_MS, durations.get(durations.size() / 2) * 3 / 2);
        long now = System.currentTimeMillis();
        for (TaskRecord t : phase) {
            if (!TaskRecord.RUNNING.equals(t.state) || t.running() != 1 || t.attempts.stream().anyMatch(a -> a.backup)) {
                continue;
            }
            AttemptRecord running = t.attempts.stream().filter(a -> TaskRecord.RUNNING.equals(a.state)).findFirst().orElseThrow();
            if (!running.node.equals(worker) && now - running.startMillis > threshold) {
                return t;
            }
        }
        return null;
    }

    /** Moves from the map phase to the reduce phase once every map has succeeded; true when it moved. */
    boolean checkPhase() {
        if (JobRecord.MAP.equals(job.phase) && job.maps.stream().allMatch(t -> TaskRecord.SUCCEEDED.equals(t.state))) {
            job.phase = JobRecord.REDUCE;
            return true;
        }
        return false;
    }

    boolean allReducesDone() {
        return job.maps.stream().allMatch(t -> TaskRecord.SUCCEEDED.equals(t.state))
                && job.reduces.stream().allMatch(t -> TaskRecord.SUCCEEDED.equals(t.state));
    }
}
