package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.manifest.JobSpec;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A straggling map gets a backup attempt near the end of the phase; the backup's result is used once. */
class SpeculationIT {

    @Test
    void aBackupAttemptFinishesForTheStraggler() throws Exception {
        byte[] corpus = Jobs.zipfCorpus(3, 1 << 20, 5_000);
        try (TestRing ring = new TestRing().start(3)) {
            ChordMrNode node = ring.any();
            node.datasets().put("corpus", new ByteArrayInputStream(corpus), Split.bytes(64 << 10), false);
            JobSpec spec = Jobs.spec("corpus", "io.chordmr.engine.testjobs.StragglerMapper", "io.chordmr.examples.SumReducer",
                    "io.chordmr.examples.SumReducer", 2);
            // The straggler would stall for ten minutes; the job can only end in time through its backup.
            spec.getConfig().put("stragglerMs", String.valueOf(Duration.ofMinutes(10).toMillis()));
            node.engine().jobs().submit("straggle", "straggle", spec);
            JobStatus s = Jobs.awaitEnd(node, "straggle", Duration.ofSeconds(90));
            assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(s.counters().get("killedAttempts")).isGreaterThanOrEqualTo(1);
            assertThat(Jobs.counts(Jobs.outputLines(node, "straggle-output"))).isEqualTo(Jobs.countWords(corpus));
        }
    }
}
