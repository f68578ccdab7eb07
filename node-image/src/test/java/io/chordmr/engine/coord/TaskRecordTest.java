package io.chordmr.engine.coord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskRecordTest {

    private final TaskRecord t = TaskRecord.newMap(0, "in/0", 0, 100);

    private AttemptRecord launch(String node, long now) {
        return t.launch(node, "127.0.0.1", 1, 7, now);
    }

    @Test
    void attemptsAreNumberedAndASecondRunningOneIsABackup() {
        AttemptRecord first = launch("a", 0);
        AttemptRecord second = launch("b", 5);
        assertThat(first.n).isEqualTo(1);
        assertThat(second.n).isEqualTo(2);
        assertThat(first.backup).isFalse();
        assertThat(second.backup).isTrue();
        assertThat(t.attempt(2, 7)).isSameAs(second);
        assertThat(t.attempt(2, 6)).as("launched by another coordinator incarnation").isNull();
        assertThat(t.running()).isEqualTo(2);
    }

    @Test
    void theFirstSuccessWinsAndKillsTheOthers() {
        AttemptRecord first = launch("a", 0);
        AttemptRecord second = launch("b", 5);
        assertThat(t.succeed(second, Map.of("records", 3L), 20)).isTrue();
        assertThat(t.state).isEqualTo(TaskState.SUCCEEDED);
        assertThat(t.succeededAttempt).isEqualTo(2);
        assertThat(t.counters).containsEntry("records", 3L);
        assertThat(first.state).isEqualTo(AttemptState.KILLED);
        assertThat(first.error).isEqualTo("another attempt finished first");
        assertThat(t.succeed(first, Map.of("records", 9L), 30)).as("too late").isFalse();
        assertThat(t.counters).containsEntry("records", 3L);
    }

    @Test
    void failuresCountUntilTheTaskIsOutOfAttempts() {
        assertThat(t.fail(launch("a", 0), "boom 1", 3, 1)).isFalse();
        assertThat(t.state).isEqualTo(TaskState.PENDING);
        assertThat(t.fail(launch("a", 2), "boom 2", 3, 3)).isFalse();
        assertThat(t.fail(launch("a", 4), "boom 3", 3, 5)).isTrue();
        assertThat(t.state).isEqualTo(TaskState.FAILED);
        assertThat(t.lastError).isEqualTo("boom 3");
        assertThat(t.attempts).extracting(a -> a.endMillis).containsExactly(1L, 3L, 5L);
    }

    @Test
    void aFailureWhileABackupRunsLeavesTheTaskRunning() {
        AttemptRecord first = launch("a", 0);
        launch("b", 5);
        t.fail(first, "boom", 3, 10);
        assertThat(t.state).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void lostNodesCountOnlyInARow() {
        t.lose(launch("a", 0), "node a was lost", 2, 1);
        t.kill(launch("b", 2), "input lost", 3);
        assertThat(t.lostInARow).as("an attempt that ended another way breaks the run").isZero();
        assertThat(t.lose(launch("c", 4), "node c was lost", 2, 5)).isFalse();
        assertThat(t.lose(launch("d", 6), "node d was lost", 2, 7)).isTrue();
        assertThat(t.failures).isZero();
    }

    @Test
    void aLostOutputSendsTheMapBackWithItsCounters() {
        Tables.finish(t, "a", 0, 10);
        Map<String, Long> had = t.outputLost();
        assertThat(had).containsEntry("records", 1L);
        assertThat(t.state).isEqualTo(TaskState.PENDING);
        assertThat(t.mapOutput).isNull();
        assertThat(t.counters).isEmpty();
        assertThat(t.succeededAttempt).isNull();
    }
}
