package io.chordmr.operator.reconciler;

/**
 * Every reason this operator gives a condition or an event, in the CamelCase that {@code kubectl
 * describe} shows; the message says the rest.
 */
enum Reason {
    /** The job's cluster does not exist or is not Ready yet. */
    WaitingForCluster,
    /** The job was handed to its cluster's ring. */
    Submitted,
    /** The ring had no record of a job submitted before (it lost it with its data): handed over again. */
    Resubmitted,
    /** The job's coordinator started running its tasks. */
    Started,
    /** The job's tasks are running. */
    Running,
    /** The job ended with its output published. */
    Completed,
    /** The event of a job that completed. */
    Succeeded,
    /** A task ran out of attempts; the message is the coordinator's. */
    Failed,
    /** The job failed: the reason of its Failed condition. */
    JobFailed,
    /** The job was cancelled, on the ring or by deleting the resource. */
    Cancelled,
    /** The spec has problems; each names its field. */
    InvalidSpec,
    /** The job passed {@code spec.activeDeadlineSeconds} after its creation: cancelled on the ring, failed. */
    DeadlineExceeded,
    /** {@code spec.suspend} is true: no new task starts. */
    Suspended,
    /** {@code spec.suspend} turned false: tasks start again (or the job is submitted). */
    Resumed,
    /** The job's cluster was deleted while the job ran. */
    ClusterNotFound,
    /** A deleted job could not be cancelled on an unreachable cluster in time; its resource went anyway. */
    CleanupAbandoned,
    /** Every node pod of a cluster is ready. */
    AllNodesReady,
    /** Some node pods of a cluster are not ready. */
    NodesNotReady,
    /** A new cluster's ring has not been whole yet. */
    Starting,
    /** A ring that was whole lost members, or keys lost copies; the message has the numbers. */
    RingDegraded,
    /** The ring is whole again: every pod a member, every key fully replicated. */
    Repaired,
    /** Every pod is a ring member and every key has its copies. */
    Healthy,
    /** Values of a cluster's pod template lost to the operator's own; the message names them. */
    TemplateIgnored,
    /** The StatefulSet's size changed, by the cluster's spec or directly. */
    Scaled
}
