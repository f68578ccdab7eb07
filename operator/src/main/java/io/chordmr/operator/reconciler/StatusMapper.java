package io.chordmr.operator.reconciler;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.operator.crd.JobOutput;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.chordmr.operator.crd.TaskCounts;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        s.counters = new TreeMap<>(v.counters() == null ? Map.of() : v.counters());
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
            s.output.preview = List.copyOf(preview);
            s.message = v.outputRecords() + " records in " + (v.outputUrl() != null ? v.outputUrl() : "dataset " + v.outputDataset());
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.Completed,
                    "the job ended: " + v.state().label(), generation);
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Succeeded, true, Reason.Completed, s.message,
                    generation);
        } else if (v.terminal()) {
            boolean cancelled = v.state() == JobState.CANCELLED;
            s.message = v.error() == null ? "the job " + v.state().label().toLowerCase() : v.error();
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false,
                    cancelled ? Reason.Cancelled : Reason.Failed, "the job ended: " + v.state().label(), generation);
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Failed, true,
                    cancelled ? Reason.Cancelled : Reason.JobFailed, s.message, generation);
        } else {
            boolean pending = v.state() == JobState.PENDING;
            s.message = pending ? "submitted; waiting for its coordinator to start"
                    : v.phase().label().toLowerCase() + " phase: " + s.maps.summary + " maps, " + s.reduces.summary + " reduces done";
            s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, true,
                    pending ? Reason.Submitted : Reason.Running, s.message, generation);
        }
        return s;
    }

    /** A job that ended before (or without) its ring's word: the spec is wrong, its cluster is gone. */
    static MapReduceJobStatus failed(MapReduceJobStatus prev, Reason reason, String message, Long generation, Instant now) {
        MapReduceJobStatus s = copy(prev);
        s.phase = Phase.Failed.name();
        s.message = message;
        s.observedGeneration = generation;
        s.completionTime = now.toString();
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, reason, message, generation);
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Failed, true, reason, message, generation);
        return s;
    }

    /** A job not submitted yet: its cluster is missing or not Ready. */
    static MapReduceJobStatus waiting(MapReduceJobStatus prev, String message, Long generation) {
        MapReduceJobStatus s = copy(prev);
        s.phase = Phase.Pending.name();
        s.message = message;
        s.observedGeneration = generation;
        s.conditions = Conditions.with(prev.conditions, s.conditions, ConditionType.Running, false, Reason.WaitingForCluster, message,
                generation);
        return s;
    }

    /** The status as it was, with only the message changed: the cluster could not be asked this time. */
    static MapReduceJobStatus unreachable(MapReduceJobStatus prev, String message) {
        MapReduceJobStatus s = copy(prev);
        s.message = message;
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
