package io.chordmr.operator.reconciler;

import io.chordmr.operator.crd.MapReduceJob;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The events a job's status transitions raise: one per change of phase or of the deciding condition's reason. */
final class JobEvents {

    private JobEvents() {
    }

    static void transition(KubernetesClient client, MapReduceJob job, MapReduceJobStatus prev, MapReduceJobStatus next) {
        String before = prev.phase + "/" + decidingReason(prev);
        String after = next.phase + "/" + decidingReason(next);
        if (before.equals(after)) {
            return;
        }
        String reason = decidingReason(next);
        if (Phase.of(prev.phase) == Phase.Suspended && Phase.of(next.phase) != Phase.Suspended && !Phase.of(next.phase).ended()) {
            Events.normal(client, job, Reason.Resumed.name(), "spec.suspend is false: " + next.message);
            return;
        }
        switch (Phase.of(next.phase)) {
            case Suspended -> Events.normal(client, job, Reason.Suspended.name(), next.message);
            case Failed -> Events.warning(client, job, reason, next.message);
            case Succeeded -> Events.normal(client, job, Reason.Succeeded.name(), next.message);
            case Running -> Events.normal(client, job, Reason.Started.name(), next.message);
            case Pending -> {
                if (Reason.WaitingForCluster.name().equals(reason)) {
                    Events.normal(client, job, reason, next.message);
                }
            }
        }
    }

    /** The reason of the condition that decides the phase. */
    static String decidingReason(MapReduceJobStatus s) {
        Phase phase = Phase.of(s.phase);
        ConditionType type = switch (phase) {
            case Succeeded -> ConditionType.Succeeded;
            case Failed -> ConditionType.Failed;
            case Suspended -> ConditionType.Suspended;
            case Pending, Running -> ConditionType.Running;
        };
        return Conditions.find(s.conditions, type).map(c -> c.getReason()).orElse("");
    }
}
