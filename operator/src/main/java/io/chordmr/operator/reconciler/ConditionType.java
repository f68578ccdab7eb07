package io.chordmr.operator.reconciler;

/**
 * The condition types this operator sets: a job's Running, Suspended, Succeeded, Failed and
 * Finished (true on either outcome, for one {@code kubectl wait}), a cluster's Ready and Degraded.
 */
enum ConditionType {
    Running,
    Suspended,
    Succeeded,
    Failed,
    Finished,
    Ready,
    /** A cluster's ring lacks members its pods should be, or keys lack copies. */
    Degraded
}
