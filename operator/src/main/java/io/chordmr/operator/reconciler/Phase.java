package io.chordmr.operator.reconciler;

/** A MapReduceJob's {@code status.phase}, spelled as Kubernetes users read it. */
enum Phase {
    Pending,
    Running,
    /** {@code spec.suspend} is true: no new task starts (a job suspended before it started is not submitted). */
    Suspended,
    Succeeded,
    Failed;

    boolean ended() {
        return this == Succeeded || this == Failed;
    }

    /** The phase a status records; Pending for a status that has none yet. */
    static Phase of(String phase) {
        return phase == null ? Pending : valueOf(phase);
    }
}
