package io.chordmr.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.chordmr.client.JobState;
import io.chordmr.client.JobStatus;
import io.chordmr.node.ChordMrNode;
import io.chordmr.node.TestRing;
import io.chordmr.store.Split;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
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

    /**
     * Text and String keys meet every way a job can mix them: the Text word count through a combiner
     * the engine must call (not a LongSum), the String one through the LongSum table, the Text one
     * with no combiner; each against the plain count, with Unicode words and whitespace.
     */
    @Test
    void textAndStringMappersCombinersAndReducersMixAndCountExactly() throws Exception {
        StringBuilder text = new StringBuilder(new String(Jobs.zipfCorpus(2, 3 << 20, 20_000), java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 2_000; i++) {
            text.append("caf\u00e9\u00a0na\u00efve \u4e2d\u6587\u3000\ud83d\ude00 word").append(i % 7).append('\n');
        }
        byte[] corpus = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // Split as Python's str.split() does, by the String word splitter (U+00A0 and U+3000 are whitespace there).
        Map<String, Long> expected = new java.util.HashMap<>();
        text.toString().lines().forEach(l -> io.chordmr.examples.Words.forEach(l, w -> expected.merge(w, 1L, Long::sum)));
        assertThat(expected).containsKeys("caf\u00e9", "na\u00efve", "\u4e2d\u6587", "\ud83d\ude00");
        try (TestRing ring = new TestRing().start(3)) {
            ChordMrNode node = ring.any();
            node.datasets().put("mixed", new ByteArrayInputStream(corpus), Split.bytes(256 << 10), false);
            String[][] jobs = {
                {"io.chordmr.examples.WordCountMapper", "io.chordmr.engine.testjobs.TextSumCombiner"},
                {"io.chordmr.examples.StringWordCountMapper", "io.chordmr.examples.SumReducer"},
                {"io.chordmr.examples.WordCountMapper", null},
            };
            for (int i = 0; i < jobs.length; i++) {
                String id = "mixed-" + i;
                node.engine().jobs().submit(id, id, Jobs.spec("mixed", jobs[i][0], jobs[i][1], "io.chordmr.examples.SumReducer", 3));
                JobStatus s = Jobs.awaitEnd(node, id, Duration.ofSeconds(120));
                assertThat(s.state()).as(id + ": " + s.error()).isEqualTo(JobState.SUCCEEDED);
                List<String> lines = Jobs.outputLines(node, id + "-output");
                assertThat(Jobs.counts(lines)).as(id).isEqualTo(expected);
                assertThat(s.counters()).as(id).containsEntry("reduceInputGroups", (long) expected.size())
                        .containsEntry("reduceOutputRecords", (long) expected.size());
                // Each of the 3 parts sorted by the key's bytes: at most 2 places where the order drops, between parts.
                int drops = 0;
                for (int k = 1; k < lines.size(); k++) {
                    byte[] a = lines.get(k - 1).substring(0, lines.get(k - 1).lastIndexOf('\t')).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    byte[] b = lines.get(k).substring(0, lines.get(k).lastIndexOf('\t')).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    drops += java.util.Arrays.compareUnsigned(a, b) > 0 ? 1 : 0;
                }
                assertThat(drops).as(id).isLessThanOrEqualTo(2);
            }
        }
    }
}
