package io.chordmr.engine.coord;

/** One attempt of a task, as the coordinator records it. */
public class AttemptRecord {
    public int n;
    /** The coordinator incarnation that launched it: results of older incarnations' unsaved attempts are refused. */
    public long epoch;
    public String node;
    public String host;
    public int port;
    public AttemptState state = AttemptState.RUNNING;
    public long startMillis;
    public long endMillis;
    public double progress;
    public String error;
    public boolean backup;

    public boolean active() {
        return state == AttemptState.RUNNING;
    }

    void end(AttemptState how, String why, long now) {
        state = how;
        error = why;
        endMillis = now;
    }

    long millis() {
        return endMillis - startMillis;
    }
}
