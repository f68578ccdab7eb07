package io.chordmr.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobPhase;
import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.operator.crd.MapReduceJobStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusMapperTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long STARTED = Instant.parse("2026-12-01T11:59:00Z").toEpochMilli();
    private static final long ENDED = Instant.parse("2026-12-01T11:59:30Z").toEpochMilli();

    private static JobStatus ring(JobState state, JobPhase phase, double percent, String error) {
        return ring(state, phase, percent, error, false, Map.of("mapInputRecords", 10L));
    }

    private static JobStatus ring(JobState state, JobPhase phase, double percent, String error, boolean suspended,
                                  Map<String, Long> counters) {
        return new JobStatus("uid-1", "wc", state, phase, percent, new JobStatus.TaskCounts(4, 1, 1, 2, 0),
                new JobStatus.TaskCounts(2, 2, 0, 0, 0), counters, 0, STARTED,
                state.terminal() ? ENDED : 0, "node-1", "wc-output", state == JobState.SUCCEEDED ? 7 : 0, error, List.of(), null,
                suspended);
    }

    private static Condition condition(MapReduceJobStatus s, ConditionType type) {
        return Conditions.find(s.conditions, type).orElseThrow(() -> new AssertionError("no condition " + type));
    }

    @Test
    void aRunningJobShowsItsProgressCountsAndARunningCondition() {
        MapReduceJobStatus s = StatusMapper.follow(new MapReduceJobStatus(), ring(JobState.RUNNING, JobPhase.MAP, 42.7, null), 3L,
                List.of(), NOW);
        assertThat(s.phase).isEqualTo("Running");
        assertThat(s.progress).isEqualTo("42%");
        assertThat(s.maps.summary).isEqualTo("2/4");
        assertThat(s.maps.running).isEqualTo(1);
        assertThat(s.reduces.summary).isEqualTo("0/2");
        assertThat(s.counters).containsEntry("mapInputRecords", 10L);
        assertThat(s.startTime).isEqualTo("2026-12-01T11:59:00Z");
        assertThat(s.completionTime).isNull();
        assertThat(s.message).isEqualTo("map phase: 2/4 maps, 0/2 reduces done");
        assertThat(condition(s, ConditionType.Running).getStatus()).isEqualTo("True");
        assertThat(condition(s, ConditionType.Running).getReason()).isEqualTo("Running");
        assertThat(condition(s, ConditionType.Running).getObservedGeneration()).isEqualTo(3L);
        assertThat(s.observedGeneration).isEqualTo(3L);
    }

    @Test
    void aSucceededJobNamesItsOutputAndEndsItsRunningCondition() {
        MapReduceJobStatus running = StatusMapper.follow(new MapReduceJobStatus(), ring(JobState.RUNNING, JobPhase.REDUCE, 80, null), 1L,
                List.of(), NOW);
        MapReduceJobStatus done = StatusMapper.follow(running, ring(JobState.SUCCEEDED, JobPhase.DONE, 100, null), 1L,
                List.of("a\t3", "b\t2"), NOW);
        assertThat(done.phase).isEqualTo("Succeeded");
        assertThat(done.output.dataset).isEqualTo("wc-output");
        assertThat(done.output.records).isEqualTo(7);
        assertThat(done.output.preview).containsExactly("a\t3", "b\t2");
        assertThat(done.completionTime).isEqualTo("2026-12-01T11:59:30Z");
        assertThat(done.startTime).as("kept from the first status").isEqualTo(running.startTime);
        assertThat(condition(done, ConditionType.Succeeded).getStatus()).isEqualTo("True");
        assertThat(condition(done, ConditionType.Succeeded).getReason()).isEqualTo("Completed");
        assertThat(condition(done, ConditionType.Running).getStatus()).isEqualTo("False");
        assertThat(done.message).isEqualTo("7 records in dataset wc-output");
        assertThat(condition(done, ConditionType.Finished).getStatus()).isEqualTo("True");
        assertThat(condition(done, ConditionType.Finished).getReason()).isEqualTo("Completed");
        assertThat(Conditions.find(running.conditions, ConditionType.Finished)).as("not while it runs").isEmpty();
    }

    @Test
    void aSuspendedJobSaysSoAndAResumedOneTurnsItsConditionFalse() {
        MapReduceJobStatus before = StatusMapper.suspendedBeforeStart(new MapReduceJobStatus(), 1L);
        assertThat(before.phase).isEqualTo("Suspended");
        assertThat(condition(before, ConditionType.Suspended).getStatus()).isEqualTo("True");
        assertThat(condition(before, ConditionType.Running).getReason()).isEqualTo("Suspended");

        MapReduceJobStatus held = StatusMapper.follow(new MapReduceJobStatus(),
                ring(JobState.RUNNING, JobPhase.MAP, 40, null, true, Map.of()), 2L, List.of(), NOW);
        assertThat(held.phase).isEqualTo("Suspended");
        assertThat(held.message).isEqualTo("suspended: no new task starts; 1 running tasks finish first");
        assertThat(condition(held, ConditionType.Running).getStatus()).isEqualTo("False");

        MapReduceJobStatus going = StatusMapper.resumed(held, StatusMapper.follow(held,
                ring(JobState.RUNNING, JobPhase.MAP, 50, null, false, Map.of()), 3L, List.of(), NOW), 3L);
        assertThat(going.phase).isEqualTo("Running");
        assertThat(condition(going, ConditionType.Suspended).getStatus()).isEqualTo("False");
        assertThat(condition(going, ConditionType.Suspended).getReason()).isEqualTo("Resumed");
        assertThat(condition(going, ConditionType.Running).getStatus()).isEqualTo("True");
        MapReduceJobStatus never = StatusMapper.resumed(new MapReduceJobStatus(), going, 3L);
        assertThat(never).isSameAs(going);
    }

    @Test
    void aStatusKeepsTheEngineCountersAndFiftyUserOnesAndBoundsItsText() {
        Map<String, Long> counters = new java.util.TreeMap<>(Map.of("mapInputRecords", 10L, "shuffledBytes", 99L));
        for (int i = 0; i < 10_000; i++) {
            counters.put(String.format("user.c%05d", i), (long) i);
        }
        MapReduceJobStatus s = StatusMapper.follow(new MapReduceJobStatus(),
                ring(JobState.FAILED, JobPhase.MAP, 10, "x".repeat(1 << 20), false, counters), 1L, List.of(), NOW);
        assertThat(s.counters).containsEntry("mapInputRecords", 10L).containsEntry("shuffledBytes", 99L)
                .containsEntry("user.c00000", 0L).containsEntry("user.c00049", 49L).doesNotContainKey("user.c00050").hasSize(52);
        assertThat(s.omittedCounters).isEqualTo(9_950);
        assertThat(s.message).hasSize(StatusLimits.MESSAGE_CHARS).endsWith("…");
        assertThat(condition(s, ConditionType.Failed).getMessage()).isEqualTo(s.message);
    }

    @Test
    void aFailedJobCarriesTheCoordinatorsErrorAndACancelledOneSaysSo() {
        MapReduceJobStatus failed = StatusMapper.follow(new MapReduceJobStatus(),
                ring(JobState.FAILED, JobPhase.MAP, 10, "task m-00001 failed 4 times; last error: boom"), 1L, List.of(), NOW);
        assertThat(failed.phase).isEqualTo("Failed");
        assertThat(failed.message).isEqualTo("task m-00001 failed 4 times; last error: boom");
        assertThat(condition(failed, ConditionType.Failed).getReason()).isEqualTo("JobFailed");
        assertThat(condition(failed, ConditionType.Finished).getReason()).as("either outcome").isEqualTo("JobFailed");
        assertThat(failed.output).isNull();

        MapReduceJobStatus cancelled = StatusMapper.follow(new MapReduceJobStatus(), ring(JobState.CANCELLED, JobPhase.MAP, 10, null), 1L,
                List.of(), NOW);
        assertThat(cancelled.phase).isEqualTo("Failed");
        assertThat(cancelled.message).isEqualTo("the job cancelled");
        assertThat(condition(cancelled, ConditionType.Failed).getReason()).isEqualTo("Cancelled");
    }

    @Test
    void waitingAndRefusedJobsNeverRan() {
        MapReduceJobStatus waiting = StatusMapper.waiting(new MapReduceJobStatus(), "waiting for MapReduceCluster 'ring'", 2L);
        assertThat(waiting.phase).isEqualTo("Pending");
        assertThat(condition(waiting, ConditionType.Running).getReason()).isEqualTo("WaitingForCluster");
        MapReduceJobStatus refused = StatusMapper.failed(waiting, Reason.InvalidSpec, "invalid spec: spec.reduces must be at least 1",
                2L, NOW);
        assertThat(refused.phase).isEqualTo("Failed");
        assertThat(refused.completionTime).isEqualTo(NOW.toString());
        assertThat(condition(refused, ConditionType.Failed).getMessage()).isEqualTo("invalid spec: spec.reduces must be at least 1");
        assertThat(refused.startTime).as("it never started").isNull();
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        MapReduceJobStatus first = StatusMapper.follow(new MapReduceJobStatus(), ring(JobState.RUNNING, JobPhase.MAP, 10, null), 1L,
                List.of(), NOW);
        String since = condition(first, ConditionType.Running).getLastTransitionTime();
        MapReduceJobStatus later = StatusMapper.follow(first, ring(JobState.RUNNING, JobPhase.REDUCE, 60, null), 1L, List.of(), NOW);
        assertThat(condition(later, ConditionType.Running).getLastTransitionTime()).isEqualTo(since);
        assertThat(later.conditions).hasSize(1);
    }
}
