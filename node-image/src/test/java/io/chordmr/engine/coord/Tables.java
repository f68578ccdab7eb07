package io.chordmr.engine.coord;

import io.chordmr.manifest.JobSpec;
import io.chordmr.engine.message.EngineMessages.MapOutputLocation;
import io.chordmr.store.DatasetMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Task tables for the coordinator's unit tests, planned the way a job's are. */
final class Tables {

    private Tables() {
    }

    /** A job over {@code maps} chunks of 100 bytes each, with {@code reduces} reduces. */
    static JobRecord job(int maps, int reduces, boolean speculative) {
        JobSpec spec = new JobSpec();
        spec.setReduces(reduces);
        spec.setMaxAttempts(3);
        spec.setTaskTimeoutSeconds(60);
        spec.setSpeculative(speculative);
        JobRecord job = new JobRecord();
        job.id = "j";
        job.spec = spec;
        job.outputDataset = "j-output";
        List<Long> offsets = new ArrayList<>();
        List<Long> records = new ArrayList<>();
        for (int i = 0; i < maps; i++) {
            offsets.add(100L * i);
            records.add(10L);
        }
        JobPlanner.plan(job, new DatasetMeta("in", maps, 100L * maps, 10L * maps, 0, offsets, records, null));
        job.start("coordinator", 0);
        return job;
    }

    /** Runs the task to success on {@code node} between the two times. */
    static AttemptRecord finish(TaskRecord t, String node, long start, long end) {
        AttemptRecord a = t.launch(node, "127.0.0.1", 1, 1, start);
        t.succeed(a, Map.of("records", 1L), end);
        if (t.map) {
            t.mapOutput = new MapOutputLocation(node, "127.0.0.1", 1, t.id + ".out", List.of(5L, 7L), List.of(1L, 2L));
        }
        return a;
    }
}
