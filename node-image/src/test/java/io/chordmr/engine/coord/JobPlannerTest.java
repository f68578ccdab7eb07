package io.chordmr.engine.coord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobPlannerTest {

    @Test
    void oneMapPerChunkCoveringTheInputAndTheReducesAsked() {
        JobRecord job = Tables.job(3, 2, false);
        assertThat(job.maps).extracting(t -> t.id).containsExactly("m-00000", "m-00001", "m-00002");
        assertThat(job.maps).extracting(t -> t.chunkKey).containsExactly("in/0", "in/1", "in/2");
        assertThat(job.maps).extracting(t -> t.chunkOffset).containsExactly(0L, 100L, 200L);
        assertThat(job.maps).extracting(t -> t.chunkBytes).containsExactly(100L, 100L, 100L);
        assertThat(job.reduces).extracting(t -> t.id).containsExactly("r-00000", "r-00001");
        assertThat(job.tasks()).allMatch(t -> t.state == TaskState.PENDING && t.attempts.isEmpty());
        assertThat(job.maps).allMatch(t -> t.map);
        assertThat(job.reduces).noneMatch(t -> t.map);
    }

    @Test
    void anEmptyInputPlansNoMaps() {
        JobRecord job = Tables.job(0, 1, false);
        assertThat(job.maps).isEmpty();
        assertThat(job.reduces).hasSize(1);
    }
}
