package io.chordmr.operator.reconciler;

/** The condition types this operator sets: a job's Running, Succeeded and Failed, a cluster's Ready. */
enum ConditionType {
    Running,
    Succeeded,
    Failed,
    Ready
}
