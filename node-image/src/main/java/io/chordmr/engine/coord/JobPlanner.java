package io.chordmr.engine.coord;

import io.chordmr.engine.input.InputSplit;
import io.chordmr.store.DatasetMeta;
import java.util.List;

/** Splits a job into its task table: one map per input chunk (or URL split), and the reduces the spec asks for. */
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
        reduces(job);
    }

    static void plan(JobRecord job, List<InputSplit> splits) {
        job.maps.clear();
        job.reduces.clear();
        for (int i = 0; i < splits.size(); i++) {
            job.maps.add(TaskRecord.newSplit(i, splits.get(i)));
        }
        reduces(job);
    }

    private static void reduces(JobRecord job) {
        for (int r = 0; r < job.spec.reducesOrDefault(); r++) {
            job.reduces.add(TaskRecord.newReduce(r));
        }
    }
}
