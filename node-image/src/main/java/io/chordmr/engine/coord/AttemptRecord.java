package io.chordmr.engine.coord;

/** One attempt of a task, as the coordinator records it. */
public class AttemptRecord {
    public int n;
    /** The coordinator incarnation that launched it: results of older incarnations' unsaved attempts are refused. */
    public long epoch;
    public String node;
    public String host;
    public int port;
    public String state = TaskRecord.RUNNING;
    public long startMillis;
    public long endMillis;
    public double progress;
    public String error;
    public boolean backup;
}
