package io.chordmr.engine.coord;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobPhase;
import io.chordmr.net.Address;
import io.chordmr.ring.NodeRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskPickerTest {

    private static NodeRef node(String name) {
        return NodeRef.of(name, new Address("127.0.0.1", 1));
    }

    @Test
    void aWorkerGetsAMapOfAChunkItHoldsBeforeEarlierOnes() {
        JobRecord job = Tables.job(3, 1, false);
        TaskPicker picker = new TaskPicker(job);
        Map<String, List<NodeRef>> holders = Map.of("in/0", List.of(node("a")), "in/1", List.of(node("a")), "in/2", List.of(node("b")));
        picker.locate(job.maps, holders::get);
        assertThat(picker.next("b", 0).id).isEqualTo("m-00002");
        assertThat(picker.next("c", 0).id).as("nobody local: the first pending one").isEqualTo("m-00000");
    }

    @Test
    void aChunkThatCannotBeLocatedIsStillHandedOut() {
        JobRecord job = Tables.job(1, 1, false);
        TaskPicker picker = new TaskPicker(job);
        picker.locate(job.maps, key -> {
            throw new IllegalStateException("no replicas known");
        });
        assertThat(picker.next("a", 0).id).isEqualTo("m-00000");
    }

    @Test
    void aTaskThatFailedOnANodeGoesElsewhereFirstAndBackThereOnlyLater() {
        JobRecord job = Tables.job(1, 1, false);
        TaskPicker picker = new TaskPicker(job);
        TaskRecord m = picker.next("a", 0);
        m.launch("a", "127.0.0.1", 1, 1, 0);
        assertThat(m.fail(m.attempts.get(0), "cannot start a task process", 4, 100)).isFalse();
        assertThat(picker.next("a", 100)).as("just failed on a").isNull();
        assertThat(picker.next("a", 100 + TaskPicker.RETRY_ELSEWHERE_MS - 1)).isNull();
        assertThat(picker.next("b", 101)).as("another node takes it at once").isSameAs(m);
        assertThat(picker.next("a", 100 + TaskPicker.RETRY_ELSEWHERE_MS)).as("alone in the ring, a retries it later").isSameAs(m);
    }

    @Test
    void reducesStartOnlyOnceEveryMapSucceeded() {
        JobRecord job = Tables.job(2, 2, false);
        TaskPicker picker = new TaskPicker(job);
        Tables.finish(job.maps.get(0), "a", 0, 10);
        assertThat(picker.checkPhase()).isFalse();
        TaskRecord running = picker.next("a", 20);
        running.launch("a", "127.0.0.1", 1, 1, 20);
        assertThat(picker.next("a", 20)).as("no map pending, reduces not yet").isNull();
        running.succeed(running.attempts.get(0), Map.of(), 30);
        assertThat(picker.checkPhase()).isTrue();
        assertThat(job.phase).isEqualTo(JobPhase.REDUCE);
        assertThat(picker.next("a", 40).id).isEqualTo("r-00000");
        assertThat(picker.allDone()).isFalse();
    }

    @Test
    void theBackupThresholdIsHalfAgainTheMedianButAtLeastTheMinimum() {
        JobRecord job = Tables.job(4, 1, true);
        assertThat(TaskPicker.backupThreshold(job.maps)).as("nothing finished yet").isEqualTo(-1);
        Tables.finish(job.maps.get(0), "a", 0, 1000);
        Tables.finish(job.maps.get(1), "a", 0, 1200);
        assertThat(TaskPicker.backupThreshold(job.maps)).isEqualTo(TaskPicker.MIN_BACKUP_MS);
        Tables.finish(job.maps.get(2), "a", 0, 4000);
        Tables.finish(job.maps.get(3), "a", 0, 10_000);
        // sorted 1000, 1200, 4000, 10000: the median is the upper middle one, 4000
        assertThat(TaskPicker.backupThreshold(job.maps)).isEqualTo(6000);
    }

    @Test
    void aStragglerGetsOneBackupOnAnotherWorker() {
        JobRecord job = Tables.job(3, 1, true);
        TaskPicker picker = new TaskPicker(job);
        Tables.finish(job.maps.get(0), "a", 0, 1000);
        Tables.finish(job.maps.get(1), "a", 0, 1000);
        TaskRecord slow = job.maps.get(2);
        slow.launch("a", "127.0.0.1", 1, 1, 0);
        assertThat(picker.next("b", 1500)).as("younger than the threshold").isNull();
        assertThat(picker.next("a", 2500)).as("not on the worker already running it").isNull();
        TaskRecord backup = picker.next("b", 2500);
        assertThat(backup).isSameAs(slow);
        AttemptRecord second = slow.launch("b", "127.0.0.1", 2, 1, 2500);
        assertThat(second.backup).isTrue();
        assertThat(picker.next("c", 9000)).as("one backup only").isNull();
    }

    @Test
    void noBackupsUnlessTheJobIsSpeculative() {
        JobRecord job = Tables.job(2, 1, false);
        TaskPicker picker = new TaskPicker(job);
        Tables.finish(job.maps.get(0), "a", 0, 100);
        job.maps.get(1).launch("a", "127.0.0.1", 1, 1, 0);
        assertThat(picker.next("b", 60_000)).isNull();
    }
}
