package io.chordmr.operator.reconciler;

/**
 * The condition types this operator sets: a job's Running, Suspended, Succeeded, Failed and
 * Finished (true on either outcome, for one {@code kubectl wait}), a cluster's Ready.
 */
enum ConditionType {
    Running,
    Suspended,
    Succeeded,
    Failed,
    Finished,
    Ready
}
