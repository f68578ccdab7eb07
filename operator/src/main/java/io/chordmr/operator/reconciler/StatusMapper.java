package io.chordmr.operator.reconciler;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.operator.crd.JobOutput;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.crd.TaskCounts;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A MapReduceJob's status from what its coordinator reports, and the statuses of a job that
 * waits or failed before it ran. Pure: the same inputs give the same status, with every
 * condition's transition time kept while its status stays.
 */
final class StatusMapper {

    private StatusMapper() {
    }

    /**
     * The status that follows {@code prev} once the ring reports {@code v}.
     *
     * @param preview the output's first lines, for a job that succeeded
     */
    static MapReduceJobStatus follow(MapReduceJobStatus prev, JobStatus v, Long generation, List<String> preview, Instant now) {
        MapReduceJobStatus s = copy(prev);
        s.phase = phaseOf(v.state()).name();
        s.progress = (int) Math.floor(v.percent()) + "%";
        s.maps = counts(v.maps());
        s.reduces = counts(v.reduces());
        Map<String, Long> counters = v.counters() == null ? Map.of() : v.counters();
        s.counters = StatusLimits.counters(counters);
        int omitted = StatusLimits.omittedCounters(counters);
        s.omittedCounters = omitted > 0 ? omitted : null;
        s.startTime = prev.startTime != null ? prev.startTime : time(v.startTime() > 0 ? v.startTime() : now.toEpochMilli());
        s.observedGeneration = generation;
        if (v.terminal()) {
            s.completionTime = time(v.endTime() > 0 ? v.endTime() : now.toEpochMilli());
        }
        if (v.state() == JobState.SUCCEEDED) {
            s.output = new JobOutput();
            s.output.dataset = v.outputDataset();
            s.output.url = v.outputUrl();
            s.output.records = v.outputRecords();
            s.output.preview = StatusLimits.preview(preview);
            s.message = StatusLimits.message(v.outputRecords() + " records in "
                    + (v.outputUrl() != null ? v.outputUrl() : "dataset " + v.outputDataset()));
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.Completed,
                    "the job ended: " + v.state().label(), generation);
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Succeeded, true, Reason.Completed, s.message,
                    generation);
            s.conditions = finished(prev, s, Reason.Completed, generation);
        } else if (v.terminal()) {
            boolean cancelled = v.state() == JobState.CANCELLED;
            s.message = StatusLimits.message(v.error() == null ? "the job " + v.state().label().toLowerCase() : v.error());
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false,
                    cancelled ? Reason.Cancelled : Reason.Failed, "the job ended: " + v.state().label(), generation);
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Failed, true,
                    cancelled ? Reason.Cancelled : Reason.JobFailed, s.message, generation);
            s.conditions = finished(prev, s, cancelled ? Reason.Cancelled : Reason.JobFailed, generation);
        } else if (v.suspended()) {
            s.phase = Phase.Suspended.name();
            int running = s.maps.running + s.reduces.running;
            s.message = "suspended: no new task starts" + (running > 0 ? "; " + running + " running tasks finish first" : "");
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.Suspended, s.message,
                    generation);
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Suspended, true, Reason.Suspended, s.message,
                    generation);
        } else {
            boolean pending = v.state() == JobState.PENDING;
            s.message = pending ? "submitted; waiting for its coordinator to start"
                    : v.phase().label().toLowerCase() + " phase: " + s.maps.summary + " maps, " + s.reduces.summary + " reduces done";
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, true,
                    pending ? Reason.Submitted : Reason.Running, s.message, generation);
        }
        return s;
    }

    /** A job that ended before (or without) its ring's word: the spec is wrong, its cluster is gone, its deadline passed. */
    static MapReduceJobStatus failed(MapReduceJobStatus prev, Reason reason, String message, Long generation, Instant now) {
        MapReduceJobStatus s = copy(prev);
        s.phase = Phase.Failed.name();
        s.message = StatusLimits.message(message);
        s.observedGeneration = generation;
        s.completionTime = now.toString();
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, reason, s.message, generation);
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Failed, true, reason, s.message, generation);
        s.conditions = finished(prev, s, reason, generation);
        return s;
    }

    /** A job created suspended: not submitted until {@code spec.suspend} turns false. */
    static MapReduceJobStatus suspendedBeforeStart(MapReduceJobStatus prev, Long generation) {
        MapReduceJobStatus s = copy(prev);
        s.phase = Phase.Suspended.name();
        s.message = "suspended before it started: not submitted until spec.suspend is false";
        s.observedGeneration = generation;
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.Suspended, s.message,
                generation);
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Suspended, true, Reason.Suspended, s.message,
                generation);
        return s;
    }

    /** {@code next}, with its Suspended condition turned False if {@code prev} was suspended and the spec no longer is. */
    static MapReduceJobStatus resumed(MapReduceJobStatus prev, MapReduceJobStatus next, Long generation) {
        if (!Conditions.isTrue(prev.conditions, ConditionType.Suspended) || Phase.of(next.phase) == Phase.Suspended) {
            return next;
        }
        next.conditions = Conditions.with(prev.conditions, next.conditions, ConditionType.Suspended, false, Reason.Resumed,
                "spec.suspend is false: tasks start again", generation);
        return next;
    }

    /** Finished is True on either outcome, with the deciding reason, so one {@code kubectl wait} serves both. */
    private static List<Condition> finished(MapReduceJobStatus prev, MapReduceJobStatus s, Reason reason, Long generation) {
        return Conditions.with(prev.conditions, s.conditions, ConditionType.Finished, true, reason, s.message, generation);
    }

    /** A job not submitted yet: its cluster is missing or not Ready. */
    static MapReduceJobStatus waiting(MapReduceJobStatus prev, String message, Long generation) {
        MapReduceJobStatus s = copy(prev);
        s.phase = Phase.Pending.name();
        s.message = StatusLimits.message(message);
        s.observedGeneration = generation;
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.WaitingForCluster, message,
                generation);
        return s;
    }

    /** The status as it was, with only the message changed: the cluster could not be asked this time. */
    static MapReduceJobStatus unreachable(MapReduceJobStatus prev, String message) {
        MapReduceJobStatus s = copy(prev);
        s.message = StatusLimits.message(message);
        return s;
    }

    static Phase phaseOf(JobState state) {
        return switch (state) {
            case PENDING -> Phase.Pending;
            case RUNNING -> Phase.Running;
            case SUCCEEDED -> Phase.Succeeded;
            case FAILED, CANCELLED -> Phase.Failed;
        };
    }

    static TaskCounts counts(JobStatus.TaskCounts c) {
        TaskCounts t = new TaskCounts();
        if (c != null) {
            t.total = c.total();
            t.running = c.running();
            t.succeeded = c.succeeded();
            t.failed = c.failed();
        }
        t.summary = t.succeeded + "/" + t.total;
        return t;
    }

    static MapReduceJobStatus copy(MapReduceJobStatus s) {
        return Serialization.unmarshal(Serialization.asJson(s), MapReduceJobStatus.class);
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
