package io.chordmr.engine.coord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A map or reduce task in the job's task table, persisted with the job. */
public class TaskRecord {
    public static final String PENDING = "Pending";
    public static final String RUNNING = "Running";
    public static final String SUCCEEDED = "Succeeded";
    public static final String FAILED = "Failed";
    public static final String KILLED = "Killed";

    public String id;
    public int index;
    public boolean map;
    public String state = PENDING;
    public List<AttemptRecord> attempts = new ArrayList<>();
    public int failures;
    /** Attempts lost with their node since the last one that ended on its own. */
    public int lostInARow;
    public String lastError;
    public Integer succeededAttempt;
    public Map<String, Long> counters = new TreeMap<>();

    // map tasks: input
    public String chunkKey;
    public long chunkOffset;
    public long chunkBytes;
    // map tasks: output
    public String outputNode;
    public String outputHost;
    public int outputPort;
    public String outputFile;
    public List<Long> partitionLengths;
    public List<Long> partitionRecords;
    // reduce tasks: output
    public List<String> outputKeys;
    public List<Long> chunkRecords;
    public List<Long> chunkBytesOut;
    public long outputRecords;
    public long outputBytes;

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
        return attempts.stream().filter(a -> RUNNING.equals(a.state)).count();
    }
}
