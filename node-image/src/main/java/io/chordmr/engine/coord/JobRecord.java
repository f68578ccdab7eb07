package io.chordmr.engine.coord;

import io.chordmr.manifest.JobSpec;
import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job and its task table, stored (replicated) under {@code job/<id>} and rewritten as it
 * changes, so the next owner of that key can resume the job where its coordinator died.
 */
public class JobRecord {

    public String id;
    public String name;
    public JobSpec spec;
    public JobState state = JobState.PENDING;
    public JobPhase phase = JobPhase.MAP;
    public String inputDataset;
    public boolean inputIsTemporary;
    public String outputDataset;
    public List<TaskRecord> maps = new ArrayList<>();
    public List<TaskRecord> reduces = new ArrayList<>();
    public Map<String, Long> counters = new TreeMap<>();
    public long submitMillis;
    public long startMillis;
    public long endMillis;
    public String coordinator;
    public long epoch;
    public String error;
    public long outputRecords;
    /** Output chunks of attempts that lost the commit race: removed when the job ends. */
    public List<String> discardedKeys = new ArrayList<>();
    /** While true no new attempt starts; running ones finish. Kept in the record, so a successor coordinator keeps it. */
    public boolean suspended;

    public boolean terminal() {
        return state.terminal();
    }

    public List<TaskRecord> tasks() {
        List<TaskRecord> all = new ArrayList<>(maps);
        all.addAll(reduces);
        return all;
    }

    void start(String coordinatorName, long now) {
        state = JobState.RUNNING;
        coordinator = coordinatorName;
        startMillis = now;
    }

    /** Ends the job as failed, with the reason the user sees. */
    void fail(String message, long now) {
        end(JobState.FAILED, message, now);
    }

    public void cancel(long now) {
        end(JobState.CANCELLED, "cancelled", now);
    }

    void succeed(long records, long now) {
        outputRecords = records;
        phase = JobPhase.DONE;
        end(JobState.SUCCEEDED, null, now);
    }

    private void end(JobState how, String message, long now) {
        state = how;
        error = message;
        endMillis = now;
    }
}
