package io.chordmr.engine.coord;

import io.chordmr.client.JobPhase;
import io.chordmr.ring.NodeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which task a worker gets next: a pending map whose chunk it holds, then any pending task of the
 * phase, then (for speculative jobs) a backup of a straggler. Callers hold the coordinator's lock.
 */
final class TaskPicker {

    private static final Logger log = LoggerFactory.getLogger(TaskPicker.class);

    /** No backup for an attempt younger than this, however fast the others were. */
    static final long MIN_BACKUP_MS = 2000;
    /**
     * A task that just failed on a node goes to another for this long, as Hadoop reschedules a
     * failed attempt away from its node: a node whose fault it was (a broken disk, a task process
     * that cannot start) must not use up the task's attempts alone. Alone in the ring, it retries after it.
     */
    static final long RETRY_ELSEWHERE_MS = 3000;

    private final JobRecord job;
    private final Map<String, TaskRecord> byId = new HashMap<>();
    /** Which nodes hold each input chunk; filled in the background, so a lookup may miss. */
    private final Map<String, Set<String>> replicas = new ConcurrentHashMap<>();

    TaskPicker(JobRecord job) {
        this.job = job;
    }

    /** Looks up, from the ring, which nodes hold each map's chunk; a chunk that cannot be located is simply not local anywhere. */
    void locate(List<TaskRecord> maps, Function<String, List<NodeRef>> replicaSet) {
        for (TaskRecord m : maps) {
            if (m.chunkKey == null) {
                continue; // a URL's split: local nowhere
            }
            try {
                replicas.put(m.chunkKey, replicaSet.apply(m.chunkKey).stream().map(NodeRef::name).collect(Collectors.toUnmodifiableSet()));
            } catch (RuntimeException e) {
                log.debug("engine: job={} cannot locate {}: {}", job.id, m.chunkKey, e.toString());
            }
        }
    }

    TaskRecord byId(String id) {
        if (byId.size() != job.maps.size() + job.reduces.size()) {
            byId.clear();
            job.tasks().forEach(t -> byId.put(t.id, t));
        }
        return byId.get(id);
    }

    TaskRecord next(String worker, long now) {
        if (job.suspended) {
            return null;
        }
        List<TaskRecord> phase = job.phase == JobPhase.MAP ? job.maps : job.phase == JobPhase.REDUCE ? job.reduces : List.of();
        TaskRecord any = null;
        for (TaskRecord t : phase) {
            if (t.state != TaskState.PENDING || failedHereLately(t, worker, now)) {
                continue;
            }
            if (!t.map || (t.chunkKey != null && replicas.getOrDefault(t.chunkKey, Set.of()).contains(worker))) {
                return t;
            }
            if (any == null) {
                any = t;
            }
        }
        if (any != null || !job.spec.speculativeOrDefault()) {
            return any;
        }
        return straggler(phase, worker, now);
    }

    private static boolean failedHereLately(TaskRecord t, String worker, long now) {
        for (AttemptRecord a : t.attempts) {
            if (a.state == AttemptState.FAILED && worker.equals(a.node) && now - a.endMillis < RETRY_ELSEWHERE_MS) {
                return true;
            }
        }
        return false;
    }

    /**
     * A running task slower than half again the phase's median finished attempt (and at least
     * {@link #MIN_BACKUP_MS}), with one attempt, no backup yet, and not running on this worker.
     */
    private TaskRecord straggler(List<TaskRecord> phase, String worker, long now) {
        long threshold = backupThreshold(phase);
        if (threshold < 0) {
            return null;
        }
        for (TaskRecord t : phase) {
            if (t.state != TaskState.RUNNING || t.running() != 1 || t.attempts.stream().anyMatch(a -> a.backup)) {
                continue;
            }
            AttemptRecord running = t.attempts.stream().filter(AttemptRecord::active).findFirst().orElseThrow();
            if (!running.node.equals(worker) && now - running.startMillis > threshold) {
                return t;
            }
        }
        return null;
    }

    /** How old an attempt must be to get a backup; -1 while no task of the phase has finished. */
    static long backupThreshold(List<TaskRecord> phase) {
        List<Long> durations = new ArrayList<>();
        for (TaskRecord t : phase) {
            if (t.succeeded() && t.succeededAttempt != null) {
                durations.add(t.attempt(t.succeededAttempt).millis());
            }
        }
        if (durations.isEmpty()) {
            return -1;
        }
        durations.sort(null);
        return Math.max(MIN_BACKUP_MS, durations.get(durations.size() / 2) * 3 / 2);
    }

    /** Moves from the map phase to the reduce phase once every map has succeeded; true when it moved. */
    boolean checkPhase() {
        if (job.phase == JobPhase.MAP && job.maps.stream().allMatch(TaskRecord::succeeded)) {
            job.phase = JobPhase.REDUCE;
            return true;
        }
        return false;
    }

    boolean allDone() {
        return job.maps.stream().allMatch(TaskRecord::succeeded) && job.reduces.stream().allMatch(TaskRecord::succeeded);
    }
}
