package io.chordmr.engine.coord;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobStatusMapperTest {

    @Test
    void countsPercentAndAttemptCountersComeFromTheTable() {
        JobRecord job = Tables.job(4, 2, false);
        Tables.finish(job.maps.get(0), "a", 0, 10);
        AttemptRecord half = job.maps.get(1).launch("a", "127.0.0.1", 1, 1, 0);
        half.progress = 0.5;
        TaskRecord failing = job.maps.get(2);
        failing.fail(failing.launch("b", "127.0.0.1", 2, 1, 0), "boom", 3, 20);
        failing.lose(failing.launch("c", "127.0.0.1", 3, 1, 30), "node c was lost", 3, 40);
        job.counters.put("records", 10L);

        JobStatus s = JobStatusMapper.of(job);

        assertThat(s.maps()).isEqualTo(new JobStatus.TaskCounts(4, 2, 1, 1, 0));
        assertThat(s.reduces()).isEqualTo(new JobStatus.TaskCounts(2, 2, 0, 0, 0));
        // one task done and one half done, of six
        assertThat(s.percent()).isEqualTo(25.0);
        assertThat(s.counters()).containsAllEntriesOf(Map.of("records", 10L, "failedAttempts", 1L, "killedAttempts", 1L));
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.task()).isEqualTo("m-00002");
            assertThat(f.node()).isEqualTo("b");
            assertThat(f.error()).isEqualTo("boom");
            assertThat(f.endTime()).isEqualTo(20);
        });
        assertThat(s.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aTaskOutOfAttemptsCountsAsFailedAndOnlyTheLatestFailuresAreListed() {
        JobRecord job = Tables.job(1, 1, false);
        job.spec.setMaxAttempts(30);
        TaskRecord t = job.maps.get(0);
        for (int i = 0; i < 30; i++) {
            t.fail(t.launch("a", "127.0.0.1", 1, 1, i), "boom " + i, 30, i);
        }
        job.fail("task m-00000 failed 30 times", 100);
        JobStatus s = JobStatusMapper.of(job);
        assertThat(s.maps().failed()).isEqualTo(1);
        assertThat(s.failures()).hasSize(JobStatusMapper.FAILURES_SHOWN);
        assertThat(s.failures().get(0).error()).isEqualTo("boom 10");
        assertThat(s.terminal()).isTrue();
        assertThat(s.error()).isEqualTo("task m-00000 failed 30 times");
    }

    @Test
    void aSucceededJobIsAtAHundredPercent() {
        JobRecord job = Tables.job(1, 1, false);
        Tables.finish(job.maps.get(0), "a", 0, 1);
        job.succeed(42, 5);
        assertThat(JobStatusMapper.of(job).percent()).isEqualTo(100.0);
        assertThat(JobStatusMapper.of(job).outputRecords()).isEqualTo(42);
    }
}
