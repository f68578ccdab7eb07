package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WordCountIT {

    @Test
    void wordCountOfFiftyMegabytesOnThreeNodesEqualsASingleThreadedCount() throws Exception {
        byte[] corpus = Jobs.zipfCorpus(1, 50 << 20, 100_000);
        try (TestRing ring = new TestRing().start(3)) {
            ChordMrNode node = ring.any();
            node.datasets().put("corpus", new ByteArrayInputStream(corpus), Split.bytes(2 << 20), false);
            node.engine().jobs().submit("wc-1", "wc", Jobs.wordCount("corpus", 3));
            JobStatus s = Jobs.awaitEnd(node, "wc-1", Duration.ofSeconds(120));
            assertThat(s.error()).isNull();
            assertThat(s.state()).isEqualTo(JobState.SUCCEEDED);
            Map<String, Long> expected = Jobs.countWords(corpus);
            assertThat(Jobs.counts(Jobs.outputLines(node, "wc-1-output"))).isEqualTo(expected);
            assertThat(s.outputRecords()).isEqualTo(expected.size());
            assertThat(s.counters().get("mapInputRecords")).isEqualTo(new String(corpus).split("\n").length);
        }
    }
}
