package io.chordmr.engine.task;

import java.util.concurrent.CancellationException;

/** Shared between a running attempt and the worker: progress out, kill in. */
public final class AttemptControl {

    private volatile double progress;
    private volatile String killReason;

    /** One volatile write: cheap enough for every record. */
    public void progress(double fraction) {
        progress = fraction;
    }

    public double progress() {
        return progress;
    }

    public void kill(String reason) {
        killReason = reason;
    }

    public String killReason() {
        return killReason;
    }

    public boolean killed() {
        return killReason != null;
    }

    /** Throws when the attempt was killed, so user loops stop at the next record. */
    public void check() {
        String r = killReason;
        if (r != null) {
            throw new CancellationException("attempt killed: " + r);
        }
    }
}
