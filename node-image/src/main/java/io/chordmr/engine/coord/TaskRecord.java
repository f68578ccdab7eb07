package io.chordmr.engine.coord;

import io.chordmr.engine.input.InputSplit;
import io.chordmr.engine.message.EngineMessages.MapOutputLocation;
import io.chordmr.engine.message.EngineMessages.OutputUpload;
import io.chordmr.engine.task.ReduceOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A map or reduce task in the job's task table, persisted with the job. Its state changes only
 * through the methods below, which keep the task and its attempts consistent: a task is RUNNING
 * while an attempt runs, goes back to PENDING when the last one ends without a result, and is
 * FAILED once it has used up its attempts.
 */
public class TaskRecord {

    public String id;
    public int index;
    public boolean map;
    public TaskState state = TaskState.PENDING;
    public List<AttemptRecord> attempts = new ArrayList<>();
    public int failures;
    /** Attempts lost with their node since the last one that ended some other way. */
    public int lostInARow;
    public String lastError;
    public Integer succeededAttempt;
    public Map<String, Long> counters = new TreeMap<>();

    // map tasks: input, a chunk of a dataset or a split of a URL's file
    public String chunkKey;
    public long chunkOffset;
    public long chunkBytes;
    public InputSplit split;
    /** A finished map's output. */
    public MapOutputLocation mapOutput;
    /** A committed reduce's output chunks. */
    public ReduceOutput output;
    /** A committed reduce's open upload, for object-storage output. */
    public OutputUpload upload;

    static TaskRecord newMap(int index, String chunkKey, long chunkOffset, long chunkBytes) {
        TaskRecord t = new TaskRecord();
        t.id = String.format("m-%05d", index);
        t.index = index;
        t.map = true;
        t.chunkKey = chunkKey;
        t.chunkOffset = chunkOffset;
        t.chunkBytes = chunkBytes;
        return t;
    }

    static TaskRecord newSplit(int index, InputSplit split) {
        TaskRecord t = newMap(index, null, split.start(), split.length());
        t.split = split;
        return t;
    }

    static TaskRecord newReduce(int index) {
        TaskRecord t = new TaskRecord();
        t.id = String.format("r-%05d", index);
        t.index = index;
        return t;
    }

    public AttemptRecord attempt(int n) {
        for (AttemptRecord a : attempts) {
            if (a.n == n) {
                return a;
            }
        }
        return null;
    }

    /** The attempt, if it was launched by that coordinator incarnation. */
    public AttemptRecord attempt(int n, long epoch) {
        AttemptRecord a = attempt(n);
        return a != null && a.epoch == epoch ? a : null;
    }

    public long running() {
        return attempts.stream().filter(AttemptRecord::active).count();
    }

    public boolean succeeded() {
        return state == TaskState.SUCCEEDED;
    }

    /** A new attempt on that worker; a backup when another one is already running. */
    AttemptRecord launch(String node, String host, int port, long epoch, long now) {
        AttemptRecord a = new AttemptRecord();
        a.n = attempts.size() + 1;
        a.epoch = epoch;
        a.node = node;
        a.host = host;
        a.port = port;
        a.startMillis = now;
        a.backup = state == TaskState.RUNNING;
        attempts.add(a);
        state = TaskState.RUNNING;
        return a;
    }

    /**
     * The attempt's result becomes the task's, and the task's other running attempts are killed.
     * False when another attempt had already won: this one is killed and its output is not wanted.
     */
    boolean succeed(AttemptRecord a, Map<String, Long> attemptCounters, long now) {
        lostInARow = 0;
        if (succeeded()) {
            a.end(AttemptState.KILLED, "another attempt finished first", now);
            return false;
        }
        a.end(AttemptState.SUCCEEDED, null, now);
        a.progress = 1;
        state = TaskState.SUCCEEDED;
        succeededAttempt = a.n;
        counters = new TreeMap<>(attemptCounters);
        for (AttemptRecord other : attempts) {
            if (other.active()) {
                other.end(AttemptState.KILLED, "another attempt finished first", now);
            }
        }
        return true;
    }

    /** The attempt failed (its code, or no progress): counted against the task. True when the task is now out of attempts. */
    boolean fail(AttemptRecord a, String error, int maxAttempts, long now) {
        a.end(AttemptState.FAILED, error, now);
        lostInARow = 0;
        failures++;
        lastError = error;
        return giveUpOrReopen(failures >= maxAttempts);
    }

    /**
     * The attempt's node was lost. Not the task's fault, unless it keeps happening: a task whose
     * every attempt takes its node down is a poison job of another kind. True when it is now out of attempts.
     */
    boolean lose(AttemptRecord a, String error, int maxAttempts, long now) {
        a.end(AttemptState.KILLED, error, now);
        lostInARow++;
        return giveUpOrReopen(lostInARow >= maxAttempts);
    }

    /** The attempt stopped for a reason outside the task (its input was lost): not counted. */
    void kill(AttemptRecord a, String error, long now) {
        a.end(AttemptState.KILLED, error, now);
        lostInARow = 0;
        giveUpOrReopen(false);
    }

    private boolean giveUpOrReopen(boolean exhausted) {
        if (exhausted) {
            state = TaskState.FAILED;
        } else if (running() == 0 && !succeeded()) {
            state = TaskState.PENDING;
        }
        return exhausted;
    }

    /** A finished map's output was lost with its node: the map runs again. Returns the counters it had added to the job's. */
    Map<String, Long> outputLost() {
        Map<String, Long> had = counters;
        state = TaskState.PENDING;
        succeededAttempt = null;
        mapOutput = null;
        counters = new TreeMap<>();
        return had;
    }
}
