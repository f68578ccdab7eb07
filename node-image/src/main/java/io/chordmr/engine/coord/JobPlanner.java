package io.chordmr.engine.coord;

import io.chordmr.store.DatasetMeta;

/** Splits a job into its task table: one map per input chunk, and the reduces the spec asks for. */
final class JobPlanner {

    private JobPlanner() {
    }

    static void plan(JobRecord job, DatasetMeta input) {
        job.maps.clear();
        job.reduces.clear();
        for (int i = 0; i < input.chunks(); i++) {
            long offset = input.chunkOffsets().get(i);
            long end = i + 1 < input.chunks() ? input.chunkOffsets().get(i + 1) : input.bytes();
            job.maps.add(TaskRecord.newMap(i, input.chunkKey(i), offset, end - offset));
        }
        for (int r = 0; r < job.spec.reducesOrDefault(); r++) {
            job.reduces.add(TaskRecord.newReduce(r));
        }
    }
}
