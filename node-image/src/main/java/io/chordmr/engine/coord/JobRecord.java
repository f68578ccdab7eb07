package io.chordmr.engine.coord;

import io.chordmr.api.spec.JobSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job and its task table, stored (replicated) under {@code job/<id>} and rewritten as it
 * changes, so the next owner of that key can resume the job where its coordinator died.
 */
public class JobRecord {
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String CANCELLED = "Cancelled";

    public static final String MAP = "Map";
    public static final String REDUCE = "Reduce";
    public static final String DONE = "Done";

    public String id;
    public String name;
    public JobSpec spec;
    public String state = PENDING;
    public String phase = MAP;
    public String inputDataset;
    public boolean inputIsTemporary;
    public String outputDataset;
    public List<TaskRecord> maps = new ArrayList<>();
    public List<TaskRecord> reduces = new ArrayList<>();
    public Map<String, Long> counters = new TreeMap<>();
    public long failedAttempts;
    public long killedAttempts;
    public long submitMillis;
    public long startMillis;
    public long endMillis;
    public String coordinator;
    public long epoch;
    public String error;
    public long outputRecords;
    /** Output chunks of attempts that lost the commit race: removed when the job ends. */
    public List<String> discardedKeys = new ArrayList<>();

    public static String key(String jobId) {
        return "job/" + jobId;
    }

    public boolean terminal() {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }
}
